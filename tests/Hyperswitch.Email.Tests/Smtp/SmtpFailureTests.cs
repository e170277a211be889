using System.Net.Sockets;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Hyperswitch.Email.Smtp;

namespace Hyperswitch.Email.Tests.Smtp;

/// <summary>The mapping from what MailKit, MimeKit and the network throw is total, and no server text survives unscrubbed.</summary>
public sealed class SmtpFailureTests
{
    private static readonly SmtpEndpoint Endpoint = new(new SmtpOptions
    {
        Host = "smtp.example.com",
        Port = 587,
        Username = new SecretString("mailer@shop.example"),
        Password = new SecretString("Corr3ct-H0rse"),
    });

    /// <summary>Every concrete exception type of MailKit and MimeKit, and what .NET throws under them.</summary>
    public static TheoryData<Type> ThrownTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var assembly in new[] { typeof(MailKit.ProtocolException).Assembly, typeof(MimeKit.ParseException).Assembly })
        {
            foreach (var type in assembly.GetTypes().Where(t => typeof(Exception).IsAssignableFrom(t) && !t.IsAbstract && !t.ContainsGenericParameters).OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                data.Add(type);
            }
        }

        foreach (var type in new[]
        {
            typeof(IOException), typeof(SocketException), typeof(TimeoutException), typeof(OperationCanceledException),
            typeof(TaskCanceledException), typeof(System.Security.Authentication.AuthenticationException), typeof(InvalidOperationException),
            typeof(NotSupportedException), typeof(ArgumentException), typeof(ArgumentNullException), typeof(ObjectDisposedException),
            typeof(FormatException), typeof(CryptographicException), typeof(EndOfStreamException), typeof(Exception),
        })
        {
            data.Add(type);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ThrownTypes))]
    public void TryMap_AnyExceptionAtAnyStage_BecomesAnEmailSendExceptionWithoutMailKitTypes(Type type)
    {
        var exception = (Exception)RuntimeHelpers.GetUninitializedObject(type);
        foreach (var stage in Enum.GetValues<SmtpStage>())
        {
            foreach (var tooLarge in new[] { false, true })
            {
                var mapped = SmtpFailure.TryMap(exception, stage, replyCode: 0, Endpoint, certificateRefusal: null, tooLarge);

                Assert.NotNull(mapped);
                SmtpServerHostileReplyTests.AssertNoMailKitType(mapped);
                Assert.False(string.IsNullOrWhiteSpace(mapped.Message));
                if (stage == SmtpStage.EndOfData && mapped.Failure is EmailSendFailure.Timeout or EmailSendFailure.Protocol)
                {
                    Assert.True(mapped.MayHaveBeenDelivered, $"{type.Name} after the final dot must be ambiguous.");
                    Assert.False(mapped.IsTransient);
                }
            }
        }
    }

    [Fact]
    public void ThrownTypes_FindDozensOfMailKitAndMimeKitExceptions()
    {
        var count = ThrownTypes().Count;
        Assert.True(count > 25, $"MailKit and MimeKit should have dozens of exception types: the reflection found {count - 15}.");
    }

    [Fact]
    public void TryMap_OutOfMemoryAndOurOwnFailures_AreLeftAlone()
    {
        Assert.Null(SmtpFailure.TryMap(new OutOfMemoryException(), SmtpStage.Ehlo, 0, Endpoint, null));
        Assert.Null(SmtpFailure.TryMap(new EmailSendException(EmailSendFailure.Connect, true, "x"), SmtpStage.Ehlo, 0, Endpoint, null));
    }

    [Fact]
    public void TryMap_CommandException_KeepsCodeAndEnhancedStatusButNotTheServersSecrets()
    {
        var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes("\0mailer@shop.example\0Corr3ct-H0rse"));
        var command = new MailKit.Net.Smtp.SmtpCommandException(
            MailKit.Net.Smtp.SmtpErrorCode.RecipientNotAccepted,
            MailKit.Net.Smtp.SmtpStatusCode.MailboxUnavailable,
            new MimeKit.MailboxAddress(null, "jane.doe@example.com"),
            $"5.1.1 <jane.doe@example.com> unknown; you said {plain} and Corr3ct-H0rse\r\nX-Injected: yes");
        var scrubber = ServerTextScrubber.For(Endpoint, accessToken: null);

        var mapped = SmtpFailure.TryMap(command, SmtpStage.RcptTo, 550, Endpoint, null, scrubber: scrubber)!;

        Assert.Equal(EmailSendFailure.RecipientRejected, mapped.Failure);
        Assert.Equal(550, mapped.SmtpStatusCode);
        Assert.Equal("SMTP", mapped.Provider);
        Assert.Equal("5.1.1", mapped.ProviderErrorCode);
        Assert.Equal("jane.doe@example.com", mapped.Mailbox);
        Assert.Contains("(550 5.1.1 <j***@example.com> unknown; you said [redacted] and [redacted] X-Injected: yes)", mapped.Message, StringComparison.Ordinal);
        var inner = Assert.IsType<ScrubbedSmtpException>(mapped.InnerException);
        Assert.Equal("MailKit.Net.Smtp.SmtpCommandException", inner.OriginalType);
        foreach (var secret in new[] { plain, "Corr3ct-H0rse", "jane.doe@example.com" })
        {
            Assert.DoesNotContain(secret, mapped.ToString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain('\n', mapped.Message);
    }

    [Theory]
    [InlineData("MailFrom", 454, "Throttling failure: Maximum sending rate exceeded.", EmailSendFailure.Throttled, null)]
    [InlineData("RcptTo", 451, "4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation.", EmailSendFailure.Throttled, "4.7.650")]
    [InlineData("Data", 421, "4.7.28 Our system has detected an unusual rate of unsolicited mail.", EmailSendFailure.Throttled, "4.7.28")]
    [InlineData("Greeting", 421, "4.7.0 Try again later, closing connection.", EmailSendFailure.Connect, "4.7.0")]
    [InlineData("MailFrom", 454, "4.7.0 Temporary authentication failure", EmailSendFailure.SenderRejected, "4.7.0")]
    [InlineData("MailFrom", 554, "Throttling failure: Daily message quota exceeded.", EmailSendFailure.SenderRejected, null)]
    public void TryMap_ThrottlingReply_IsThrottledOnlyWhenTheReplySaysSo(string stage, int code, string text, EmailSendFailure expected, string? enhanced)
    {
        var command = new MailKit.Net.Smtp.SmtpCommandException(MailKit.Net.Smtp.SmtpErrorCode.UnexpectedStatusCode, (MailKit.Net.Smtp.SmtpStatusCode)code, text);

        var mapped = SmtpFailure.TryMap(command, Enum.Parse<SmtpStage>(stage), code, Endpoint, null)!;

        Assert.Equal(expected, mapped.Failure);
        Assert.Equal(code < 500, mapped.IsTransient);
        Assert.Equal(code, mapped.SmtpStatusCode);
        Assert.Equal(enhanced, mapped.ProviderErrorCode);
        Assert.Equal("SMTP", mapped.Provider);
    }

    [Fact]
    public void TryMap_AnyException_NamesTheSmtpProvider()
    {
        var mapped = SmtpFailure.TryMap(new SocketException((int)SocketError.ConnectionRefused), SmtpStage.Connect, 0, Endpoint, null)!;

        Assert.Equal("SMTP", mapped.Provider);
        Assert.Null(mapped.ProviderErrorCode);
    }

    [Fact]
    public void EmailSendFailure_DefaultValue_IsUnknown()
    {
        Assert.Equal(EmailSendFailure.Unknown, default(EmailSendFailure));
    }

    [Theory]
    [InlineData("250 2.0.0 Ok: queued as 4F2A1B3C", "250 2.0.0 Ok: queued as 4F2A1B3C")]
    [InlineData("535 5.7.8 Username and Password not accepted. Learn more at https://support.google.com/mail/?p=BadCredentials", "535 5.7.8 Username and Password not accepted. Learn more at https://support.google.com/mail/?p=BadCredentials")]
    [InlineData("535 5.7.8 bad AGphbmUAaHVudGVyMg== here", "535 5.7.8 bad [redacted] here")]
    [InlineData("535 5.7.8 token eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9 expired", "535 5.7.8 token [redacted] expired")]
    [InlineData("550 5.1.1 <bob@example.org>: unknown", "550 5.1.1 <b***@example.org>: unknown")]
    [InlineData("550 a\u001b[31mred\u2028b", "550 a [31mred b")]
    public void Scrub_ServerText_MasksWhatMayBeSecretAndKeepsTheRest(string text, string expected)
    {
        Assert.Equal(expected, ServerTextScrubber.Default.Scrub(text));
    }

    [Fact]
    public void Scrub_LongText_IsCut()
    {
        var scrubbed = ServerTextScrubber.Default.Scrub("550 " + string.Concat(Enumerable.Repeat("word ", 1000)));

        Assert.Equal(ServerTextScrubber.MaxLength + 1, scrubbed.Length);
        Assert.EndsWith("…", scrubbed, StringComparison.Ordinal);
    }
}
