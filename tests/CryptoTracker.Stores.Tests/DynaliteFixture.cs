using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using CryptoTracker.DynamoDb;

namespace CryptoTracker.Stores.Tests;

/// <summary>
/// A dynalite process (the npm DynamoDB emulator) on a free loopback port, installed with <c>npm install</c> at the
/// repository root when missing. Each test uses its own table, so tests share the process but no data.
/// </summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    private Process? _process;

    public string ServiceUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var root = RepoPaths.Root;
        var cli = Path.Combine(root, "node_modules", "dynalite", "cli.js");
        if (!File.Exists(cli)) await RunAsync("npm", "install --no-audit --no-fund", root, TimeSpan.FromMinutes(5));

        var port = FreePort();
        _process = Process.Start(new ProcessStartInfo("node", $"\"{cli}\" --host 127.0.0.1 --port {port} --createTableMs 0 --deleteTableMs 0")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("node did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"dynalite exited with code {_process.ExitCode}.");
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
        ServiceUrl = $"http://127.0.0.1:{port}";
    }

    public DynamoDbStoreOptions Options(string? table = null) => new()
    {
        Table = table ?? $"tracker-{Guid.NewGuid():N}",
        ServiceUrl = ServiceUrl,
        BatchRetryDelay = TimeSpan.FromMilliseconds(1),
    };

    public IAmazonDynamoDB CreateClient() => DynamoDbServiceCollectionExtensions.CreateClient(Options());

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.Dispose();
        return Task.CompletedTask;
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

[CollectionDefinition(Name)]
public sealed class DynaliteCollection : ICollectionFixture<DynaliteFixture>
{
    public const string Name = "dynalite";
}
