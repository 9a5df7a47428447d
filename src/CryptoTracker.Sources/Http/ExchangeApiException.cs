using System.Net;
using CryptoTracker.Core.Ports;

namespace CryptoTracker.Sources.Http;

/// <summary>
/// An exchange refused or garbled an answer; <see cref="Status"/> is the HTTP status when there was one. A geo-block (451),
/// a refusal (403) or a ban (418) is final: asking again within the tick cannot change it.
/// </summary>
public sealed class ExchangeApiException(string message, HttpStatusCode? status = null, Exception? inner = null) : Exception(message, inner), IFinalSourceFailure
{
    public HttpStatusCode? Status { get; } = status;

    public bool IsFinal => Status is HttpStatusCode.UnavailableForLegalReasons or HttpStatusCode.Forbidden or (HttpStatusCode)418;

    /// <summary>A failure of an exchange call by kind, fit for health: <c>HTTP 500</c>, <c>timeout</c>, <c>unreachable</c>, <c>invalid response</c>.</summary>
    public static string KindOf(Exception ex) => ex switch
    {
        ExchangeApiException { Status: { } status } => $"HTTP {(int)status}",
        ExchangeApiException => "invalid response",
        TimeoutException or OperationCanceledException => "timeout",
        HttpRequestException => "unreachable",
        _ => "error",
    };
}
