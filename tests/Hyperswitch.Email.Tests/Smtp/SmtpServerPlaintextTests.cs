
namespace Hyperswitch.Email.Tests.Smtp;

[Collection(Smtp4devCollectionDefinition.Name)]
public sealed class SmtpServerPlaintextTests(Smtp4devFixture sinks)
{
    private Smtp4dev Sink => sinks.Plain;

    [Fact]
    public async Task SendAsync_Plaintext_DeliversHtmlWithHeadersAndRecipients()
    {
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(Sink.SmtpPort));
        var subject = $"Vérifiez votre adresse ✉ {Guid.NewGuid():N}";
        var message = new EmailMessage(new EmailAddress("jane@example.com", "Jane Müller"), subject, "<h1>Welcome</h1><p>Click <a href=\"https://shop.example/verify?t=1&amp;u=2\">here</a>.</p>")
        {
            Cc = { "cc@example.com" },
            Bcc = { "hidden@example.com" },
            ReplyTo = { "support@shop.example" },
        };

        await factory.Client.SendAsync(message);

        var summary = await Sink.WaitForMessageAsync(subject);
        var details = await Sink.DetailsAsync(summary.Id);
        var raw = await Sink.RawAsync(summary.Id);
        Assert.Equal(subject, details.Subject);
        Assert.Equal("Shop <no-reply@shop.example>", details.Header("From"));
        Assert.Equal("\"Jane Müller\" <jane@example.com>", Assert.Single(details.To));
        Assert.Equal("cc@example.com", Assert.Single(details.Cc));
        Assert.Equal(["jane@example.com", "cc@example.com", "hidden@example.com"], details.DeliveredTo);
        Assert.DoesNotContain("hidden@example.com", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("support@shop.example", details.Header("Reply-To"));
        Assert.NotNull(details.Header("Date"));
        Assert.Matches("^<[^@>]+@shop\\.example>$", details.Header("Message-ID"));
        var alternative = Assert.Single(details.Parts);
        Assert.StartsWith("multipart/alternative", alternative.Headers.Single(h => h.Name == "Content-Type").Value, StringComparison.Ordinal);
        Assert.Equal(["text/plain; charset=utf-8", "text/html; charset=utf-8"], alternative.ChildParts.Select(p => p.Headers.Single(h => h.Name == "Content-Type").Value));
        Assert.Contains("Subject: =?utf-8?", raw, StringComparison.Ordinal);
        Assert.Equal("<h1>Welcome</h1><p>Click <a href=\"https://shop.example/verify?t=1&amp;u=2\">here</a>.</p>", (await Sink.HtmlAsync(summary.Id)).Trim());
        Assert.False(details.SecureConnection);
    }

    [Fact]
    public async Task SendEmailAsync_OneRecipient_DeliversFromConfiguredSender()
    {
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(Sink.SmtpPort));
        var subject = $"Reset your password {Guid.NewGuid():N}";

        await factory.Client.SendEmailAsync("bob@example.com", subject, "<p>Reset</p>");

        var details = await Sink.DetailsAsync((await Sink.WaitForMessageAsync(subject)).Id);
        Assert.Equal("Shop <no-reply@shop.example>", details.Header("From"));
        Assert.Equal(["bob@example.com"], details.DeliveredTo);
        Assert.Equal("<p>Reset</p>", (await Sink.HtmlAsync(details.Id)).Trim());
    }

    [Theory]
    [InlineData("bob@", typeof(EmailParseException))]
    [InlineData("bob@example.com\r\nRCPT TO:<victim@example.com>", typeof(EmailParseException))]
    public async Task SendAsync_InvalidRecipient_ThrowsTypedErrorAndConnectsNowhere(string recipient, Type expected)
    {
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(Sink.SmtpPort));
        var sessionsBefore = await Sink.SessionCountAsync();
        var subject = $"Invalid {Guid.NewGuid():N}";
        var message = new EmailMessage("jane@example.com", subject, "<p/>") { To = { recipient } };

        var exception = await Assert.ThrowsAnyAsync<EmailException>(() => factory.Client.SendAsync(message));

        Assert.IsType(expected, exception);
        Assert.Equal("To[1]", ((EmailParseException)exception).Field);
        Assert.Equal(sessionsBefore, await Sink.SessionCountAsync());
        Assert.False(await Sink.HasMessageAsync(subject));
    }

    [Fact]
    public async Task SendAsync_CrLfInSubject_ThrowsBuildErrorAndConnectsNowhere()
    {
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(Sink.SmtpPort));
        var sessionsBefore = await Sink.SessionCountAsync();

        var exception = await Assert.ThrowsAsync<EmailBuildException>(
            () => factory.Client.SendEmailAsync("jane@example.com", "Hello\r\nBcc: victim@example.com", "<p/>"));

        Assert.Equal("Subject", exception.Field);
        Assert.Equal(sessionsBefore, await Sink.SessionCountAsync());
    }

    [Fact]
    public async Task SendAsync_StartTlsRequiredButNotOffered_FailsWithoutSendingInPlaintext()
    {
        var settings = EmailClientFactory.Plaintext(Sink.SmtpPort);
        settings["Email:Smtp:Connection"] = "starttls";
        using var factory = EmailClientFactory.FromConfiguration(settings);
        var subject = $"Must not arrive {Guid.NewGuid():N}";

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", subject, "<p>secret link</p>"));

        Assert.Equal(EmailSendFailure.Tls, exception.Failure);
        Assert.False(exception.IsTransient);
        Assert.Null(exception.SmtpStatusCode);
        Assert.Contains("does not offer STARTTLS", exception.Message, StringComparison.Ordinal);
        Assert.False(await Sink.HasMessageAsync(subject));
    }

    [Fact]
    public async Task SendAsync_ConfigurationChanged_NextSendUsesNewValues()
    {
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(Sink.SmtpPort));
        var first = $"Before change {Guid.NewGuid():N}";
        var second = $"After change {Guid.NewGuid():N}";
        await factory.Client.SendEmailAsync("jane@example.com", first, "<p/>");

        factory.Configuration!["Email:SenderEmail"] = "accounts@shop.example";
        factory.Configuration["Email:SenderName"] = "Accounts";
        factory.Configuration.Reload();
        await factory.Client.SendEmailAsync("jane@example.com", second, "<p/>");

        factory.Configuration["Email:Smtp:Port"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        factory.Configuration.Reload();
        var afterPortChange = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "unreachable", "<p/>"));

        Assert.Equal("Shop <no-reply@shop.example>", (await Sink.DetailsAsync((await Sink.WaitForMessageAsync(first)).Id)).Header("From"));
        Assert.Equal("Accounts <accounts@shop.example>", (await Sink.DetailsAsync((await Sink.WaitForMessageAsync(second)).Id)).Header("From"));
        Assert.Equal(EmailSendFailure.Connect, afterPortChange.Failure);
    }

    [Fact]
    public async Task SendAsync_Logs_MaskRecipientsAndNeverTheBody()
    {
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(Sink.SmtpPort));
        var subject = $"Logged {Guid.NewGuid():N}";

        await factory.Client.SendEmailAsync("jane.doe@example.com", subject, "<p>magic-link-token-123</p>");

        var sent = Assert.Single(factory.Logs.Entries, e => e.EventId.Name == "EmailSent");
        Assert.Contains("j***@example.com", sent.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe@example.com", factory.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("magic-link-token-123", factory.Logs.AllText, StringComparison.Ordinal);
        await Sink.WaitForMessageAsync(subject);
    }
}
