using System.Text;
using Microsoft.Extensions.Logging;

namespace CryptoTracker.Testing;

/// <summary>Everything the app logs, as text lines (level, category, message, exception), for assertions on what it reported.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly StringBuilder _text = new();

    public string Text { get { lock (_text) return _text.ToString(); } }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private void Append(string line)
    {
        lock (_text) _text.AppendLine(line);
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            owner.Append($"{logLevel}: {category}: {formatter(state, exception)}" + (exception is null ? "" : Environment.NewLine + exception));
        }
    }
}
