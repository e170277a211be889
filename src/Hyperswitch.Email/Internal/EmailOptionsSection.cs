using Microsoft.Extensions.Configuration;

namespace Hyperswitch.Email.Internal;

/// <summary>
/// <c>Email</c> as the configuration-binding source generator binds it: <see cref="EmailOptions"/>' keys, every value
/// nullable so that only the keys configuration has are applied, and <c>Email:Dkim</c> with its private key as a string.
/// </summary>
/// <remarks>Every settable property of <see cref="EmailOptions"/> has one here (a test checks it), or its key would fail as unknown.</remarks>
internal sealed class EmailOptionsSection
{
    public string? ActiveEmailClient { get; set; }

    public string? SenderEmail { get; set; }

    public string? SenderName { get; set; }

    public long? MaxMessageSize { get; set; }

    public DkimOptionsSection? Dkim { get; set; }

    public EmailRedirectOptions? Redirect { get; set; }

    public EmailRateLimitOptions? RateLimit { get; set; }

    public string? AwsRegion { get; set; }

    public int? AllowedUnverifiedDays { get; set; }

    public string? ReconRecipientEmail { get; set; }

    public string? ProdIntentRecipientEmail { get; set; }

    /// <summary>Binds <paramref name="section"/> onto <paramref name="options"/>, failing on a key they do not have.</summary>
    /// <exception cref="InvalidOperationException">A key is unknown, or a value does not convert; the message names it.</exception>
    public static void Bind(IConfiguration section, EmailOptions options)
    {
        var bound = new EmailOptionsSection();
        section.Bind(bound, binder => binder.ErrorOnUnknownConfiguration = true);
        options.ActiveEmailClient = bound.ActiveEmailClient ?? options.ActiveEmailClient;
        options.SenderEmail = bound.SenderEmail ?? options.SenderEmail;
        options.SenderName = bound.SenderName ?? options.SenderName;
        options.MaxMessageSize = bound.MaxMessageSize ?? options.MaxMessageSize;
        if (bound.Dkim is { } dkim)
        {
            options.Dkim ??= new();
            dkim.ApplyTo(options.Dkim);
        }

        options.Redirect = bound.Redirect ?? options.Redirect;
        options.RateLimit = bound.RateLimit ?? options.RateLimit;
        options.AwsRegion = bound.AwsRegion ?? options.AwsRegion;
        options.AllowedUnverifiedDays = bound.AllowedUnverifiedDays ?? options.AllowedUnverifiedDays;
        options.ReconRecipientEmail = bound.ReconRecipientEmail ?? options.ReconRecipientEmail;
        options.ProdIntentRecipientEmail = bound.ProdIntentRecipientEmail ?? options.ProdIntentRecipientEmail;
    }
}
