using System.Collections.Concurrent;
using System.Text;

namespace Hyperswitch.Email.AmazonSes.Tests;

/// <summary>One HTTP request as it went out (or came in): method, URI, headers and body.</summary>
public sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>The requests the SES provider's <see cref="HttpClient"/> sent, recorded by a handler in its <c>IHttpClientFactory</c> pipeline.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public DelegatingHandler CreateHandler() => new RecordingHandler(this);

    private sealed class RecordingHandler(RequestLog log) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, values) in request.Headers)
            {
                headers[name] = string.Join(',', values);
            }

            if (request.Content is not null)
            {
                foreach (var (name, values) in request.Content.Headers)
                {
                    headers[name] = string.Join(',', values);
                }
            }

            log._requests.Enqueue(new RecordedRequest(request.Method.Method, request.RequestUri!, headers, body));
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
