namespace Hyperswitch.Email.Templates;

/// <summary>Finds the <see cref="EmailTheme"/> of a tenant, for each email rendered.</summary>
/// <remarks>
/// The default returns the one theme of the <c>EmailTheme</c> section for every tenant. Register your own with
/// <c>services.AddEmailThemeProvider&lt;TProvider&gt;()</c>; it is a singleton and must be thread-safe.
/// </remarks>
public interface IEmailThemeProvider
{
    /// <summary>Gets the theme of <paramref name="tenant"/>.</summary>
    /// <param name="tenant">The tenant the email is sent for, or <see langword="null"/> for the default.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The theme. Its colours must be hex colours.</returns>
    ValueTask<EmailTheme> GetThemeAsync(string? tenant, CancellationToken cancellationToken = default);
}
