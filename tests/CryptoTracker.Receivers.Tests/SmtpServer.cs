using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace CryptoTracker.Receivers.Tests;

/// <summary>
/// A real SMTP server on loopback: Debian's python3-aiosmtpd (<c>python3 -m aiosmtpd</c>) writing every message it accepts to a
/// Maildir. When no python3 with aiosmtpd is found the test is skipped with a message saying what to install.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _maildir;

    private SmtpServer(Process process, string maildir, int port)
    {
        _process = process;
        _maildir = maildir;
        Port = port;
    }

    public int Port { get; }

    public static async Task<SmtpServer> StartAsync()
    {
        var python = FindPython() ?? throw SkipException();
        var port = FreePort();
        var dir = Directory.CreateTempSubdirectory("ct-smtp-").FullName;
        var maildir = Path.Combine(dir, "mail");
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir }) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new SmtpServer(process, maildir, port);
        // Ready when it accepts a connection (generous limit; no fixed sleep).
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < until && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>The messages delivered so far, waiting until there are at least <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(int count, TimeSpan? limit = null)
    {
        var until = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var files = Directory.Exists(Path.Combine(_maildir, "new")) ? Directory.GetFiles(Path.Combine(_maildir, "new")) : [];
            if (files.Length >= count) return files.Select(f => MimeMessage.Load(f)).ToList();
            if (DateTime.UtcNow > until) throw new TimeoutException($"{files.Length} of {count} messages arrived.");
            await Task.Delay(50);
        }
    }

    private static string? FindPython()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                using var p = Process.Start(new ProcessStartInfo(candidate, ["-c", "import aiosmtpd"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
                p.WaitForExit(15_000);
                if (p.HasExited && p.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }
        return null;
    }

    private static Exception SkipException()
    {
        Assert.Skip("No SMTP test server: this test needs python3 with aiosmtpd (Debian: apt-get install python3-aiosmtpd; or pip install aiosmtpd).");
        return new InvalidOperationException();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(Path.GetDirectoryName(_maildir)!, recursive: true); } catch (IOException) { }
    }
}
