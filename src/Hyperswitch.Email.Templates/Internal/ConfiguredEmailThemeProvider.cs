using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Templates.Internal;

/// <summary>The default theme provider: the one theme of the <c>EmailTheme</c> section, for every tenant.</summary>
internal sealed class ConfiguredEmailThemeProvider(IOptionsMonitor<EmailTheme> theme) : IEmailThemeProvider
{
    public ValueTask<EmailTheme> GetThemeAsync(string? tenant, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(theme.CurrentValue);
}
