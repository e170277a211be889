using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace Hyperswitch.Email.Benchmarks;

/// <summary>
/// The message every client sends and every build benchmark builds: a 4 KB HTML signup email to one recipient, with
/// a plain-text alternative. The library derives the text from the HTML; the raw MimeKit path is given the same text.
/// </summary>
public static class SampleEmail
{
    public const string SenderAddress = "noreply@bench.example.com";
    public const string SenderName = "Hyperswitch";
    public const string Recipient = "jane.doe@example.com";
    public const string Subject = "Verify your email address";

    /// <summary>Gets the HTML body: 4,096 bytes of ASCII.</summary>
    public static string Html { get; } = CreateHtml(4096, out _);

    /// <summary>
    /// Gets the plain-text alternative of <see cref="Html"/>, written alongside it: the same text the library derives
    /// from the HTML, so that every client sends the same message.
    /// </summary>
    public static string Text { get; } = CreateText();

    private static string CreateHtml(int size, out int tips)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Verify your email</title>")
            .Append("<style>body{font-family:sans-serif;color:#222}a.button{background:#0069ed;color:#fff;padding:8px 16px}</style></head>")
            .Append("<body><h1>Welcome to Hyperswitch</h1>")
            .Append("<p>Hi Jane,</p><p>Thanks for signing up. Please confirm that this is your email address by clicking the button below.</p>")
            .Append("<p><a class=\"button\" href=\"https://app.example.com/verify?token=3f9c2a7b1e8d4f60a5c7e2b9d1f4a6c8\">Verify email</a></p>")
            .Append("<p>Here is what you can do next:</p><ul>");
        const string Tail = "</ul><p>If you did not create an account, you can ignore this email.</p><p>The Hyperswitch team</p></body></html>";
        tips = 0;
        while (true)
        {
            var tip = Tip(tips);
            if (html.Length + tip.Length + Tail.Length > size)
            {
                break;
            }

            html.Append(tip);
            tips++;
        }

        html.Append(Tail);
        html.Append(' ', size - html.Length);
        return html.ToString();
    }

    private static string Tip(int i) =>
        $"<li>Step {i + 1}: connect a payment processor, route a test payment and review it on the dashboard.</li>";

    private static string CreateText()
    {
        CreateHtml(4096, out var tips);
        var text = new StringBuilder();
        text.Append("Welcome to Hyperswitch\n\nHi Jane,\n\nThanks for signing up. Please confirm that this is your email address by clicking the button below.\n\n")
            .Append("Verify email (https://app.example.com/verify?token=3f9c2a7b1e8d4f60a5c7e2b9d1f4a6c8)\n\nHere is what you can do next:\n\n");
        for (var i = 0; i < tips; i++)
        {
            text.Append($"- Step {i + 1}: connect a payment processor, route a test payment and review it on the dashboard.\n");
        }

        text.Append("\nIf you did not create an account, you can ignore this email.\n\nThe Hyperswitch team");
        return text.ToString();
    }

    /// <summary>
    /// Builds the message with MimeKit alone, the way an application without the library would: the same headers and
    /// the same <c>multipart/alternative</c> (text, then HTML, both UTF-8) that the library builds.
    /// </summary>
    public static MimeMessage BuildWithMimeKit()
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(SenderName, SenderAddress));
        message.To.Add(MailboxAddress.Parse(Recipient));
        message.Subject = Subject;
        message.Date = DateTimeOffset.UtcNow;
        message.MessageId = MimeUtils.GenerateMessageId("bench.example.com");
        var text = new TextPart(MimeKit.Text.TextFormat.Plain);
        text.SetText(Encoding.UTF8, Text);
        var html = new TextPart(MimeKit.Text.TextFormat.Html);
        html.SetText(Encoding.UTF8, Html);
        message.Body = new MultipartAlternative { text, html };
        return message;
    }

    /// <summary>Creates the library's message: what an application hands to <c>IEmailClient.SendAsync</c>.</summary>
    public static EmailMessage Create() => new(Recipient, Subject, Html);
}
