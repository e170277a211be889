namespace Hyperswitch.Email.Suppressions;

/// <summary>
/// The suppression list in the application's database: lists, adds and removes entries, and says which addresses are
/// suppressed. Registered by <c>services.AddEmailSuppressions&lt;TContext&gt;()</c>; thread-safe.
/// </summary>
/// <remarks>
/// Addresses are normalized (trimmed, lower case, IDNA domain) on the way in, so <c>Jane@Example.COM</c> and
/// <c>jane@example.com</c> are one entry. An address has at most one entry per stream, and one for all mail
/// (<see cref="EmailSuppression.AllStreams"/>).
/// </remarks>
public interface IEmailSuppressionList
{
    /// <summary>Adds an entry, unless the address already has one for that stream.</summary>
    /// <param name="address">The address.</param>
    /// <param name="reason">Why it is suppressed.</param>
    /// <param name="stream">The stream to suppress, or <see langword="null"/> (or <see cref="EmailSuppression.AllStreams"/>) for all mail.</param>
    /// <param name="source">Where the entry comes from, for example <c>support ticket 4711</c>; <see langword="null"/> for the reason's name. Cut to 200 characters.</param>
    /// <param name="messageId">The <c>Message-ID</c> of the email that caused it, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns><see langword="true"/> when the entry was added; <see langword="false"/> when the address already had one for that stream (it is left as it was).</returns>
    /// <exception cref="ArgumentException"><paramref name="address"/> is not an email address, or <paramref name="stream"/> is not a stream name.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    Task<bool> AddAsync(string address, EmailSuppressionReason reason, string? stream = null, string? source = null, string? messageId = null, CancellationToken cancellationToken = default);

    /// <summary>Removes entries of an address, lifting the suppression.</summary>
    /// <param name="address">The address.</param>
    /// <param name="stream">The stream whose entry to remove (<see cref="EmailSuppression.AllStreams"/> for the all-mail entry), or <see langword="null"/> to remove every entry of the address.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>How many entries were removed.</returns>
    /// <exception cref="ArgumentException"><paramref name="address"/> is not an email address, or <paramref name="stream"/> is not a stream name.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    Task<int> RemoveAsync(string address, string? stream = null, CancellationToken cancellationToken = default);

    /// <summary>Lists entries, newest first.</summary>
    /// <param name="address">Only the entries of this address, or <see langword="null"/> for all.</param>
    /// <param name="skip">How many entries to skip, for paging.</param>
    /// <param name="take">How many entries to return at most, from 1 to 1000.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="skip"/> is negative or <paramref name="take"/> is out of range.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    Task<IReadOnlyList<EmailSuppression>> ListAsync(string? address = null, int skip = 0, int take = 100, CancellationToken cancellationToken = default);

    /// <summary>Finds the entries that stop mail of <paramref name="stream"/> to any of <paramref name="addresses"/>: their all-mail entries and their entries for that stream.</summary>
    /// <param name="addresses">The addresses, for example a message's recipients; those that are not email addresses are ignored.</param>
    /// <param name="stream">The stream of the mail, or <see langword="null"/> for mail without one (only all-mail entries stop it).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The entries; empty when none of the addresses is suppressed for that mail.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="addresses"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    Task<IReadOnlyList<EmailSuppression>> FindAsync(IEnumerable<string> addresses, string? stream = null, CancellationToken cancellationToken = default);
}
