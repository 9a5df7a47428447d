using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CryptoTracker.Testing;

/// <summary>
/// dynalite (the npm DynamoDB emulator) on a free loopback port, installed with <c>npm install</c> at the repository root
/// when missing. Plain process management, shared by the xunit fixtures of several test projects.
/// </summary>
public sealed class DynaliteProcess : IDisposable
{
    private Process? _process;

    public string ServiceUrl { get; private set; } = "";

    public static async Task<DynaliteProcess> StartAsync(string repoRoot)
    {
        var cli = Path.Combine(repoRoot, "node_modules", "dynalite", "cli.js");
        if (!File.Exists(cli)) await RunAsync("npm", "install --no-audit --no-fund", repoRoot, TimeSpan.FromMinutes(5));

        var port = FreePort();
        var d = new DynaliteProcess();
        d._process = Process.Start(new ProcessStartInfo("node", $"\"{cli}\" --host 127.0.0.1 --port {port} --createTableMs 0 --deleteTableMs 0")
        {
            WorkingDirectory = repoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("node did not start.");
        d._process.OutputDataReceived += (_, _) => { };
        d._process.ErrorDataReceived += (_, _) => { };
        d._process.BeginOutputReadLine();
        d._process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (d._process.HasExited) throw new InvalidOperationException($"dynalite exited with code {d._process.ExitCode}.");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
        d.ServiceUrl = $"http://127.0.0.1:{port}";
        return d;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string args, string cwd, TimeSpan timeout)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args)
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"{file} did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {args} failed ({process.ExitCode}): {await stderr}");
    }
}
