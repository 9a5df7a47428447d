using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;

namespace CryptoTracker.Sns;

/// <summary>
/// A minimal client of SNS's Query API (version 2010-03-31): form-encoded POSTs signed with SigV4 for service <c>sns</c>,
/// XML answers. Credentials come from the AWS default chain (environment, profile, container/instance role) unless given.
/// One instance per process: it holds the HttpClient. The per-call timeout runs on <paramref name="clock"/> (the system
/// clock unless given).
/// </summary>
public sealed class SnsQueryClient(HttpClient http, SnsOptions options, AWSCredentials? credentials = null, TimeProvider? clock = null)
{
    public const string ApiVersion = "2010-03-31";
    public const string SigningService = "sns";

    private AWSCredentials? _credentials = credentials;

    public SnsOptions Options => options;

    /// <summary>Sends one action and returns the root of the answer; throws <see cref="SnsException"/> when SNS refused or did not answer.</summary>
    public async Task<XElement> CallAsync(string action, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken ct)
    {
        var body = Encode([new("Action", action), new("Version", ApiVersion), .. parameters]);
        var endpoint = options.Endpoint;
        using var deadline = new CancellationTokenSource(options.Timeout, clock ?? TimeProvider.System);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            using var request = await SignedRequestAsync(endpoint, body, timeout.Token);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode) throw SnsException.FromResponse(response.StatusCode, text);
            try
            {
                return XDocument.Parse(text).Root ?? throw new SnsException("InvalidResponse", $"SNS answered {action} with an empty document.", response.StatusCode, null, true);
            }
            catch (System.Xml.XmlException ex)
            {
                throw new SnsException("InvalidResponse", $"SNS answered {action} with something that is not XML.", response.StatusCode, null, true, ex);
            }
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new SnsException("Timeout", $"SNS did not answer {action} within {options.Timeout.TotalSeconds:0.#} s.", null, null, true, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new SnsException("NetworkError", $"SNS could not be reached for {action}: {ex.Message}", null, null, true, ex);
        }
        catch (AmazonClientException ex)
        {
            // No credentials in the chain (or they could not be refreshed): a setup problem, but it may be fixed without a restart.
            throw new SnsException("CredentialsError", $"No AWS credentials to sign {action}: {ex.Message}", null, null, true, ex);
        }
    }

    /// <summary>The first descendant with this local name (answers are namespaced; the namespace does not matter here).</summary>
    public static string? Find(XElement root, string localName) =>
        root.Descendants().FirstOrDefault(e => e.Name.LocalName == localName)?.Value.Trim();

    private async Task<HttpRequestMessage> SignedRequestAsync(Uri endpoint, byte[] body, CancellationToken ct)
    {
        _credentials ??= await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync();
        var signing = new AWSSigningRequest
        {
            HttpMethod = HttpMethod.Post,
            RequestUri = endpoint,
            Content = body,
        };
        signing.Headers["Content-Type"] = FormContentType;
        var signed = await AWSSigV4Signer.SignAsync(signing, new AWSSigV4Parameters
        {
            Credentials = _credentials,
            Region = RegionEndpoint.GetBySystemName(options.SigningRegion),
            Service = SigningService,
        }, ct);

        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(FormContentType);
        foreach (var (name, value) in signed.Headers)
            request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    private const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";

    /// <summary>RFC 3986 percent-encoding, as the AWS SDKs send it.</summary>
    private static byte[] Encode(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (sb.Length > 0) sb.Append('&');
            sb.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    internal static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
