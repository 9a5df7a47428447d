namespace CryptoTracker.Sources.Replay;

public sealed class ReplayFormatException(string file, long line, string message)
    : Exception($"{Path.GetFileName(file)} line {line}: {message}");
