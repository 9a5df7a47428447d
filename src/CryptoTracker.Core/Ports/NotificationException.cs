namespace CryptoTracker.Core.Ports;

/// <summary>
/// The notification channel refused a call or could not be reached. <see cref="Retryable"/> is true for throttling, server
/// errors and timeouts: the same call may succeed later. <see cref="Code"/> is the channel's error code (e.g. SNS's
/// <c>InvalidParameter</c>, <c>FilterPolicyLimitExceeded</c>, <c>Throttling</c>) or Timeout / NetworkError.
/// </summary>
public class NotificationException(string code, string message, bool retryable, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
    public bool Retryable { get; } = retryable;
}
