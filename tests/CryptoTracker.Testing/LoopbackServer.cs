using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CryptoTracker.Testing;

/// <summary>
/// A stand-in server for tests: Kestrel on 127.0.0.1 at a free port (real HTTP), routes mapped by the subclass on
/// <see cref="App"/> in its constructor, started by <see cref="StartAsync"/> and stopped when disposed.
/// </summary>
public abstract class LoopbackServer : IAsyncDisposable
{
    protected LoopbackServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        App = builder.Build();
    }

    protected WebApplication App { get; }

    /// <summary>Starts listening; returns the base URL (<c>http://127.0.0.1:&lt;port&gt;</c>).</summary>
    public async Task<string> StartAsync()
    {
        await App.StartAsync();
        return App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
