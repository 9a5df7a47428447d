using CryptoTracker.Core.Ports;

namespace CryptoTracker.Sns;

/// <summary>
/// Text messages straight to a phone number: SNS <c>Publish</c> with <c>PhoneNumber</c> (no topic), typed Transactional so
/// carriers deliver it as a one-time code and not as marketing. Used for SMS confirmation codes only; alerts go through the topic.
/// </summary>
public sealed class SnsTextMessages(SnsQueryClient sns) : ITextMessageSender
{
    public async Task SendAsync(string phoneNumber, string message, CancellationToken ct)
    {
        var answer = await sns.CallAsync("Publish",
        [
            new("PhoneNumber", phoneNumber),
            new("Message", message),
            new("MessageAttributes.entry.1.Name", "AWS.SNS.SMS.SMSType"),
            new("MessageAttributes.entry.1.Value.DataType", "String"),
            new("MessageAttributes.entry.1.Value.StringValue", "Transactional"),
        ], ct);
        if (SnsQueryClient.Find(answer, "MessageId") is not { Length: > 0 })
            throw new SnsException("InvalidResponse", "SNS answered Publish without a MessageId.", null, null, true);
    }
}
