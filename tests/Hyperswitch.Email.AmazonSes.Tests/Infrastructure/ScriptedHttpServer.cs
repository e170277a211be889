using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hyperswitch.Email.AmazonSes.Tests;

/// <summary>
/// A Kestrel server on a free loopback port that answers each request with a script: the stand-in for AWS STS (which
/// cannot run here) and for SES's error answers. It records every request it received.
/// </summary>
public sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private ScriptedHttpServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public static async Task<ScriptedHttpServer> StartAsync(Func<HttpContext, RecordedRequest, Task> script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new ScriptedHttpServer(app);
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var uri = new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}{context.Request.QueryString}");
            var recorded = new RecordedRequest(context.Request.Method, uri, headers, body.ToArray());
            server._requests.Enqueue(recorded);
            await script(context, recorded);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>A script that answers every request with <paramref name="status"/>, the SES error type header (when given) and a JSON body.</summary>
    public static Func<HttpContext, RecordedRequest, Task> Answer(int status, string? errorType, string body, string requestId = "7f1c2a9e-0000-4000-8000-000000000001") =>
        async (context, _) =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers["x-amzn-RequestId"] = requestId;
            if (errorType is not null)
            {
                context.Response.Headers["x-amzn-ErrorType"] = errorType;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        };

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync();
    }
}
