namespace Hyperswitch.Email.Internal;

/// <summary>A provider registered with <c>EmailBuilder.AddProvider</c>: its name, the transport type and the <c>Email</c> subsection it binds.</summary>
internal sealed record EmailProviderRegistration(string Name, Type TransportType, string? SectionName);

/// <summary>A provider chosen in code whatever <c>Email:ActiveEmailClient</c> says (<c>EmailBuilder.UseProvider</c>): test doubles.</summary>
internal sealed record EmailProviderOverride(string Name);

/// <summary>Registered by <c>AddSmtpEmail</c>: the application always sends through SMTP, so a configuration naming another provider is an error.</summary>
internal sealed record SmtpOnlyRegistration;
