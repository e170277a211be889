using System.Net;
using System.Net.Http.Headers;

namespace Hyperswitch.Email.AmazonSes.Internal;

/// <summary>
/// The JSON body of one request, which records whether it was written out whole: a failure after that may come after
/// SES accepted the message, and is not retried.
/// </summary>
internal sealed class SesRequestContent : HttpContent
{
    private readonly byte[] _body;
    private volatile bool _written;

    public SesRequestContent(byte[] body)
    {
        _body = body;
        Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }

    /// <summary>Gets a value indicating whether the whole body was handed to the connection.</summary>
    public bool Written => _written;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(_body, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _written = true;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}
