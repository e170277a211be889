using MimeKit;

namespace Hyperswitch.Email;

/// <summary>A file attached to an <see cref="EmailMessage"/>, or an inline image that the HTML shows with <c>&lt;img src="cid:…"&gt;</c>.</summary>
/// <remarks>
/// The content is held in memory. The content type is guessed from the file name when not given; non-ASCII file
/// names are encoded as RFC 2231 says.
/// </remarks>
public sealed class EmailAttachment
{
    private EmailAttachment(string fileName, ReadOnlyMemory<byte> content, string? contentType, string? contentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        FileName = fileName;
        Content = content;
        ContentType = string.IsNullOrWhiteSpace(contentType) ? MimeTypes.GetMimeType(fileName) : contentType.Trim();
        ContentId = contentId;
    }

    /// <summary>Gets the file name shown to the recipient, for example <c>invoice.pdf</c>.</summary>
    public string FileName { get; }

    /// <summary>Gets the content type, for example <c>application/pdf</c>.</summary>
    public string ContentType { get; }

    /// <summary>Gets the content.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>Gets the Content-ID that the HTML refers to as <c>cid:…</c>, or <see langword="null"/> for a regular attachment.</summary>
    public string? ContentId { get; }

    /// <summary>Gets a value indicating whether this is an inline image rather than a regular attachment.</summary>
    public bool IsInline => ContentId is not null;

    /// <summary>Creates an attachment from bytes.</summary>
    /// <param name="fileName">The file name shown to the recipient.</param>
    /// <param name="content">The content.</param>
    /// <param name="contentType">The content type, or <see langword="null"/> to guess it from <paramref name="fileName"/>.</param>
    /// <returns>The attachment.</returns>
    /// <exception cref="ArgumentException"><paramref name="fileName"/> is null, empty or white space.</exception>
    public static EmailAttachment FromBytes(string fileName, ReadOnlyMemory<byte> content, string? contentType = null) =>
        new(fileName, content, contentType, contentId: null);

    /// <summary>Creates an attachment by reading <paramref name="content"/> to its end.</summary>
    /// <param name="fileName">The file name shown to the recipient.</param>
    /// <param name="content">The stream to read; it is not disposed.</param>
    /// <param name="contentType">The content type, or <see langword="null"/> to guess it from <paramref name="fileName"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The attachment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="fileName"/> is null, empty or white space.</exception>
    public static async Task<EmailAttachment> FromStreamAsync(string fileName, Stream content, string? contentType = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return new EmailAttachment(fileName, buffer.ToArray(), contentType, contentId: null);
    }

    /// <summary>Creates an attachment from a file.</summary>
    /// <param name="path">The path of the file.</param>
    /// <param name="fileName">The file name shown to the recipient, or <see langword="null"/> for the file's own name.</param>
    /// <param name="contentType">The content type, or <see langword="null"/> to guess it from the file name.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The attachment.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or white space.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<EmailAttachment> FromFileAsync(string path, string? fileName = null, string? contentType = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return new EmailAttachment(fileName ?? Path.GetFileName(path), content, contentType, contentId: null);
    }

    /// <summary>Creates an inline image that the HTML body shows with <c>&lt;img src="cid:<paramref name="contentId"/>"&gt;</c>.</summary>
    /// <param name="contentId">The Content-ID, for example <c>logo</c>.</param>
    /// <param name="fileName">The file name, for example <c>logo.png</c>.</param>
    /// <param name="content">The image.</param>
    /// <param name="contentType">The content type, or <see langword="null"/> to guess it from <paramref name="fileName"/>.</param>
    /// <returns>The inline attachment.</returns>
    /// <exception cref="ArgumentException"><paramref name="contentId"/> or <paramref name="fileName"/> is null, empty or white space.</exception>
    public static EmailAttachment Inline(string contentId, string fileName, ReadOnlyMemory<byte> content, string? contentType = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentId);
        return new EmailAttachment(fileName, content, contentType, contentId);
    }
}
