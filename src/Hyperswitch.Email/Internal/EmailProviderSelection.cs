using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Internal;

/// <summary>
/// Chooses the provider that sends: the one chosen in code (a test double), else the one <c>Email:ActiveEmailClient</c>
/// names, else the only one registered, else <c>NO_EMAIL_CLIENT</c>. The choice is made once, when first needed.
/// </summary>
internal sealed class EmailProviderSelection(
    IEnumerable<EmailProviderRegistration> registrations,
    IEnumerable<EmailProviderOverride> overrides,
    IEnumerable<SmtpOnlyRegistration> smtpOnly,
    IServiceProvider services,
    IEnumerable<IConfigureOptions<EmailOptions>> configures,
    IEnumerable<IPostConfigureOptions<EmailOptions>> postConfigures)
{
    private readonly EmailProviderRegistration[] _registrations = registrations.ToArray();
    private readonly EmailProviderOverride? _override = overrides.LastOrDefault();
    private readonly bool _smtpOnly = smtpOnly.Any();
    private EmailProviderRegistration? _active;

    /// <summary>Gets the chosen provider; throws <see cref="OptionsValidationException"/> when the configuration names none.</summary>
    /// <remarks>The options are resolved here, not injected: their validator needs this type.</remarks>
    public EmailProviderRegistration Active => _active ??= Choose(CurrentOptions(), out var problem)
        ?? throw new OptionsValidationException(Options.DefaultName, typeof(EmailOptions), [problem!]);

    /// <summary>
    /// Gets whether <paramref name="name"/> is the provider that sends, for a provider's validator to skip its rules when
    /// it is not. It reads the options without validating them, so that a provider's failures are reported together with
    /// the shared options' failures; never throws.
    /// </summary>
    public bool IsActive(string name)
    {
        EmailOptions unvalidated;
        try
        {
            unvalidated = new EmailOptions();
            foreach (var configure in configures)
            {
                if (configure is IConfigureNamedOptions<EmailOptions> named)
                {
                    named.Configure(Options.DefaultName, unvalidated);
                }
                else
                {
                    configure.Configure(unvalidated);
                }
            }

            foreach (var postConfigure in postConfigures)
            {
                postConfigure.PostConfigure(Options.DefaultName, unvalidated);
            }
        }
        catch (InvalidOperationException)
        {
            // The Email section does not bind (an unknown key); that failure is reported on its own.
            return false;
        }

        return Choose(unvalidated, out _) is { } chosen && EmailProviderNames.AreSame(chosen.Name, name);
    }

    /// <summary>Chooses among the registered providers for <paramref name="current"/>; <see langword="null"/> with the reason when none fits.</summary>
    public EmailProviderRegistration? Choose(EmailOptions current, out string? problem)
    {
        problem = null;
        if (_override is { } chosen)
        {
            return Find(chosen.Name) ?? Fail($"The provider {chosen.Name} chosen in code is not registered.", out problem);
        }

        var configured = current.ActiveEmailClient;
        if (string.IsNullOrWhiteSpace(configured))
        {
            var senders = _registrations
                .Where(r => !EmailProviderNames.AreSame(r.Name, EmailProviderNames.NoEmailClient))
                .DistinctBy(r => r.TransportType)
                .ToArray();
            return senders.Length switch
            {
                0 => Find(EmailProviderNames.NoEmailClient),
                1 => senders[0],
                _ => Fail(
                    $"Email:ActiveEmailClient must be set: several providers are registered ({Names(senders)}). Set it to one of them, or to \"NO_EMAIL_CLIENT\" to discard every email.",
                    out problem),
            };
        }

        var hint = EmailProviderNames.AreSame(configured, EmailProviderNames.Ses)
            ? " SES's API needs the Hyperswitch.Email.AmazonSes package and AddEmail(configuration).AddAmazonSes(); SES's SMTP endpoint is reached with \"SMTP\"."
            : string.Empty;
        if (_smtpOnly && !EmailProviderNames.AreSame(configured, EmailProviderNames.Smtp))
        {
            return Fail(
                $"Email:ActiveEmailClient is \"{configured.Trim()}\", but AddSmtpEmail always sends through SMTP: remove Email:ActiveEmailClient, "
                + $"or register the providers with AddEmail(configuration).AddSmtp() (and others), which lets Email:ActiveEmailClient choose among them.{hint}",
                out problem);
        }

        if (Find(configured) is { } named)
        {
            return named;
        }

        return Fail(
            $"Email:ActiveEmailClient is \"{configured.Trim()}\", which is not a registered provider: use one of {Names(_registrations)}.{hint}",
            out problem);
    }

    private EmailOptions CurrentOptions() =>
        ((IOptionsMonitor<EmailOptions>)services.GetService(typeof(IOptionsMonitor<EmailOptions>))!).CurrentValue;

    private EmailProviderRegistration? Find(string name) => _registrations.LastOrDefault(r => EmailProviderNames.AreSame(r.Name, name));

    private static string Names(IEnumerable<EmailProviderRegistration> providers) =>
        string.Join(", ", providers.Select(r => $"\"{r.Name}\"").Distinct(StringComparer.OrdinalIgnoreCase));

    private static EmailProviderRegistration? Fail(string message, out string? problem)
    {
        problem = message;
        return null;
    }
}
