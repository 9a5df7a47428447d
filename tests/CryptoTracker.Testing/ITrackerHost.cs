using System.Text.Json;

namespace CryptoTracker.Testing;

/// <summary>A running tracker, in the test process or as a real one: what tests read from it.</summary>
public interface ITrackerHost
{
    HttpClient Http { get; }

    /// <summary>Everything it logged (and, for a real process, printed) so far.</summary>
    string Output { get; }

    Task<JsonElement> GetJsonAsync(string path);
}
