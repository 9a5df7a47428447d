using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CryptoTracker.Api.Tests;

/// <summary>
/// Thousands of generated requests — paths, query strings, headers and bodies made of over-long, unicode, injection and
/// wrong-type input — against every endpoint of an app with data, a configured (local) SNS topic and the dashboard.
/// None may answer 5xx, and no answer may carry the hostile input back unescaped.
/// </summary>
public sealed class FuzzTests : IAsyncLifetime
{
    private const int Seed = 20261123;
    private FakeSns _sns = null!;
    private TrackerApp _app = null!;

    // Markers that only appear in a body if input was echoed without escaping.
    private static readonly string[] Hostile =
    [
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg/onload=alert(1)>", "' OR '1'='1", "1; DROP TABLE points--",
        "${jndi:ldap://127.0.0.1/x}", "{{7*7}}", "../../../../etc/passwd", "..%2f..%2fetc%2fpasswd", "%00", "\0", "\u202eevil",
        "💥🚀₿", "Ω≈ç√∫", "ｐｒｉｃｅ", "İstanbul", "NaN", "-Infinity", "1e309", "-1", "0x7fffffff", "[]", "{}", "null", "true",
        "price:btcusd", "volume:btcusd", "btcusd", "PRICE", "a:b:c", "%", "%%", "%zz", "+", " ", "\t", "\r\nX-Injected: 1",
    ];

    private static readonly string[] EchoMarkers = ["<script", "<img", "<svg", "onerror=", "onload=", "DROP TABLE", "${jndi", "X-Injected"];

    public async ValueTask InitializeAsync()
    {
        _sns = await FakeSns.StartAsync();
        var csv = Path.Combine(Path.GetTempPath(), $"fuzz-{Guid.NewGuid():N}.csv");
        var rows = new StringBuilder("time,symbol,price,volume\n");
        for (var m = 0; m < 90; m++)
            foreach (var s in new[] { "btcusd", "ethusd" })
                rows.Append($"2026-01-05T{10 + m / 60:00}:{m % 60:00}:00Z,{s},{100 + m},{(m == 80 ? 5000 : 10 + m % 3)}\n");
        await File.WriteAllTextAsync(csv, rows.ToString());
        // FakeSns put its test credentials in the environment; raw-socket tests need Kestrel on a real port.
        _app = await new TrackerApp(
            ["--Tracker:Source=replay", $"--Tracker:Replay:File={csv}", $"--Tracker:Alerts:Sns:TopicArn={FakeSns.TopicArn}",
             $"--Tracker:Alerts:Sns:ServiceUrl={_sns.Url}", "--Tracker:Subscriptions:PermitsPerMinute=10000"], kestrel: true).StartAsync();
        await _app.WaitForReplayAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _sns.DisposeAsync();
    }

    private static string Pick(Random r) => r.Next(4) switch
    {
        0 => Hostile[r.Next(Hostile.Length)],
        1 => new string((char)r.Next(0x20, 0x7f), r.Next(1, 3) == 1 ? r.Next(1, 80) : r.Next(200, 5000)), // long runs
        2 => string.Concat(Enumerable.Range(0, r.Next(1, 20)).Select(_ => (char)r.Next(0x21, 0x2FFF))),           // unicode soup
        _ => Hostile[r.Next(Hostile.Length)] + Hostile[r.Next(Hostile.Length)],
    };

    private static string Seg(Random r) => Uri.EscapeDataString(Pick(r));

    private static HttpRequestMessage Generate(Random r)
    {
        string[] gets =
        [
            "/v1/metrics", $"/v1/metrics?type={Seg(r)}", $"/v1/metrics/{Seg(r)}/{Seg(r)}", $"/v1/metrics/price/{Seg(r)}",
            $"/v1/metrics/{Seg(r)}/btcusd/history", $"/v1/metrics/price/{Seg(r)}/history", $"/v1/metrics/price/btcusd/rank?by={Seg(r)}",
            $"/v1/metrics/{Seg(r)}/{Seg(r)}/rank?by={Seg(r)}", $"/v1/metrics/price/{Seg(r)}/markets", $"/v1/rankings/{Seg(r)}",
            $"/v1/rankings/price?by={Seg(r)}", $"/v1/alerts?since={Seg(r)}", "/v1/alerts", $"/v1/health?{Seg(r)}={Seg(r)}",
            $"/{Seg(r)}", $"/metric/{Seg(r)}/{Seg(r)}", $"/assets/{Seg(r)}", $"/v1/{Seg(r)}/{Seg(r)}/{Seg(r)}",
            $"/v1/metrics/price/btcusd?{Seg(r)}={Seg(r)}&by={Seg(r)}", "/openapi/v1.json", "/docs",
        ];
        HttpRequestMessage request;
        var kind = r.Next(10);
        if (kind < 6) request = new HttpRequestMessage(r.Next(8) == 0 ? HttpMethod.Head : HttpMethod.Get, gets[r.Next(gets.Length)]);
        else
        {
            var method = kind < 9 ? HttpMethod.Post : HttpMethod.Delete;
            var path = r.Next(6) == 0 ? $"/v1/subscriptions?subscriptionArn={Seg(r)}" : "/v1/subscriptions";
            request = new HttpRequestMessage(method, path) { Content = new StringContent(Body(r), Encoding.UTF8) };
            request.Content.Headers.ContentType = r.Next(5) == 0
                ? new System.Net.Http.Headers.MediaTypeHeaderValue(r.Next(2) == 0 ? "text/plain" : "application/xml")
                : new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }
        if (r.Next(3) == 0) request.Headers.TryAddWithoutValidation("If-None-Match", Pick(r));
        if (r.Next(3) == 0) request.Headers.TryAddWithoutValidation("Accept-Encoding", r.Next(2) == 0 ? "gzip;q=0, br" : Pick(r));
        if (r.Next(4) == 0) request.Headers.TryAddWithoutValidation("X-Forwarded-For", Pick(r));
        if (r.Next(4) == 0) request.Headers.TryAddWithoutValidation("Accept", Pick(r));
        return request;
    }

    private static string Body(Random r)
    {
        string J(string s) => System.Text.Json.JsonSerializer.Serialize(s);
        return r.Next(12) switch
        {
            0 => $$"""{"protocol":{{J(Pick(r))}},"endpoint":{{J(Pick(r))}}}""",
            1 => $$"""{"protocol":"email","endpoint":{{J(Pick(r) + "@example.com")}},"metrics":[{{J(Pick(r))}}]}""",
            2 => $$"""{"protocol":"sms","endpoint":"+1{{r.Next()}}","metrics":{{J(Pick(r))}}}""",
            3 => """{"protocol":7,"endpoint":[],"metrics":{"a":1}}""",
            4 => """{"protocol":"email","endpoint":"a@example.com","metrics":[""" + string.Join(",", Enumerable.Repeat("\"price:btcusd\"", r.Next(100, 400))) + "]}",
            5 => new string('[', r.Next(10, 2000)) + new string(']', r.Next(0, 2000)),
            6 => "{\"protocol\":\"email\",\"endpoint\":\"a@example.com\"",          // truncated
            7 => Pick(r),
            8 => $$"""{"subscriptionArn":{{J(Pick(r))}}}""",
            9 => $$"""{"subscriptionArn":"{{FakeSns.TopicArn}}:{{Pick(r)}}"}""",
            10 => "",
            _ => $$"""{"protocol":"email","endpoint":"a@example.com","metrics":["volume:btcusd"],"extra":{{J(Pick(r))}}}""",
        };
    }

    [Fact]
    public async Task ThousandsOfGeneratedRequests_NeverGive5xxOrEchoHostileInput()
    {
        var random = new Random(Seed);
        var requests = Enumerable.Range(0, 4000).Select(_ => Generate(random)).ToList();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        // HTML pages are static: whatever the input, the answer must be the very same page (so nothing can be reflected).
        var pages = new HashSet<string> { await _app.Http.GetStringAsync("/"), await _app.Http.GetStringAsync("/docs") };
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();

        // Header values go out as UTF-8 bytes (HttpClient would refuse non-ASCII), so Kestrel's own checks are exercised too.
        using var http = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 })
        {
            BaseAddress = _app.Http.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (request, ct) =>
        {
            var what = $"{request.Method} {request.RequestUri}";
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            if ((int)response.StatusCode >= 500) failures.Add($"{(int)response.StatusCode} for {what}: {Clip(body)}");
            if (response.Content.Headers.ContentType?.MediaType == "text/html")
            {
                if (request.Method == HttpMethod.Get && !pages.Contains(body)) failures.Add($"a page that depends on the input for {what}");
            }
            else if (!what.Contains("/openapi") && EchoMarkers.FirstOrDefault(m => body.Contains(m, StringComparison.OrdinalIgnoreCase)) is { } echoed)
                failures.Add($"echoed '{echoed}' for {what}: {Clip(body)}");
            request.Dispose();
        });

        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(20)));
        // The generator reached the handlers, not just the router: real 200s, 400s and 404s all occurred.
        Assert.True(statuses.GetValueOrDefault(200) > 100 && statuses.GetValueOrDefault(400) > 100 && statuses.GetValueOrDefault(404) > 100,
            string.Join(", ", statuses.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}×{kv.Value}")));
        var health = await _app.GetJsonAsync("/v1/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task MalformedRawHttp_IsRefusedWithout5xx()
    {
        var random = new Random(Seed + 1);
        var port = _app.Http.BaseAddress!.Port;
        string[] lines =
        [
            "GET /v1/metrics/price/btc\u0001usd HTTP/1.1", "GET /v1/metrics/" + new string('a', 20_000) + " HTTP/1.1", "GET  HTTP/1.1",
            "BREW /v1/metrics HTTP/1.1", "GET /v1/metrics HTTP/9.9", "GET /v1/metrics?type=%%% HTTP/1.1", "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1",
            "GET /v1/alerts?since=\u00ff\u00fe HTTP/1.1", "POST /v1/subscriptions HTTP/1.1",
        ];
        for (var i = 0; i < 300; i++)
        {
            var line = i < lines.Length ? lines[i] : lines[random.Next(lines.Length)];
            var headers = random.Next(3) switch
            {
                0 => "Host: 127.0.0.1\r\n",
                1 => "Host: 127.0.0.1\r\nContent-Length: -5\r\n",
                _ => "Host: 127.0.0.1\r\nX-Bad: " + new string('x', random.Next(1, 40_000)) + "\r\n",
            };
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.Latin1.GetBytes($"{line}\r\n{headers}Connection: close\r\n\r\n"));
            using var reader = new StreamReader(stream, Encoding.Latin1);
            var status = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
            if (status is null) continue; // the server may simply close a hopeless connection
            // An unknown protocol version is answered 505 by Kestrel, as RFC 9110 prescribes; every other refusal is a 4xx.
            Assert.Matches(line.EndsWith("HTTP/9.9") ? @"^HTTP/1\.1 505 " : @"^HTTP/1\.1 [1-4]\d\d ", status);
        }
        Assert.Equal("ok", (await _app.GetJsonAsync("/v1/health")).GetProperty("status").GetString());
    }

    private static string Clip(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
