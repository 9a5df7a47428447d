using System.Net.Sockets;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Ports;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace CryptoTracker.Receivers;

/// <summary>
/// Mails each alert over SMTP (MailKit): the same subject and plain-text body as the SNS message, so a notification preview
/// shows metric, value and ratio. STARTTLS by default; port 465 without StartTls means TLS on connect.
/// A 5xx answer (e.g. a refused recipient) is a refusal for good; connection failures, timeouts and 4xx are retried.
/// </summary>
public sealed class EmailReceiver(ReceiverOptions options, Uri? publicUrl, TimeProvider clock) : IAlertPublisher
{
    public static MimeMessage Message(Alert alert, ReceiverOptions options, Uri? publicUrl)
    {
        var text = AlertMessage.For(alert, publicUrl);
        var message = new MimeMessage { Subject = text.Subject, Body = new TextPart("plain") { Text = text.Body } };
        message.From.Add(MailboxAddress.Parse(options.From ?? ""));
        foreach (var to in options.Recipients) message.To.Add(MailboxAddress.Parse(to));
        // The same Message-Id on every attempt, so a mailbox can drop a duplicate delivery.
        message.MessageId = $"{string.Concat(alert.Id.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '.'))}.{options.Name}@cryptotracker.invalid";
        message.Headers.Add("X-CryptoTracker-Alert-Id", alert.Id);
        return message;
    }

    public async Task PublishAsync(Alert alert, CancellationToken ct)
    {
        var message = Message(alert, options, publicUrl);
        using var smtp = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        using var deadline = new CancellationTokenSource(options.Timeout, clock);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var security = options.StartTls ? SecureSocketOptions.StartTls
            : options.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.None;
        try
        {
            await smtp.ConnectAsync(options.Host ?? "", options.Port, security, timeout.Token);
            if (!string.IsNullOrEmpty(options.User)) await smtp.AuthenticateAsync(options.User, options.Password ?? "", timeout.Token);
            await smtp.SendAsync(message, timeout.Token);
            await smtp.DisconnectAsync(true, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new NotificationException("Timeout", $"no answer within {options.Timeout.TotalSeconds:0.#} s", retryable: true);
        }
        catch (SmtpCommandException ex)
        {
            var code = (int)ex.StatusCode;
            throw new NotificationException("SmtpError", $"SMTP {code}", retryable: code < 500);
        }
        catch (AuthenticationException)
        {
            // The operator has to fix the credentials; keep the alerts meanwhile (they still expire after MaxAge).
            throw new NotificationException("AuthenticationFailed", "SMTP login refused", retryable: true);
        }
        catch (Exception ex) when (ex is SocketException or IOException or SmtpProtocolException or SslHandshakeException or ServiceNotConnectedException)
        {
            throw new NotificationException("NetworkError", ex is SslHandshakeException ? "TLS handshake failed" : "connection failed", retryable: true);
        }
    }
}
