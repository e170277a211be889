using System.Globalization;
using System.Net.Sockets;
using Hyperswitch.Email.Benchmarks;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Hyperswitch.Email.WarmUp;

/// <summary>One way of sending the 4 KB signup email, as its users write it.</summary>
internal abstract class WarmUpClient : IAsyncDisposable
{
    public static WarmUpClient Create(string kind, int port) => kind switch
    {
        "library" => new Library(port, pooled: false, textGiven: false),
        "library-pooled" => new Library(port, pooled: true, textGiven: false),
        "library-pooled-text" => new Library(port, pooled: true, textGiven: true),
        "layer-connection" => new LibraryConnection(port, compose: false),
        "layer-compose" => new LibraryConnection(port, compose: true),
        "mailkit-html" => new MailKitPerMessage(port, multipart: false),
        "mailkit-multipart" => new MailKitPerMessage(port, multipart: true),
        "mailkit-reused" => new MailKitReused(port),
        _ => throw new ArgumentException($"unknown client '{kind}'", nameof(kind)),
    };

    public abstract Task SendAsync();

    public abstract ValueTask DisposeAsync();

    /// <summary>The library as an application uses it: <c>AddSmtpEmail(configuration)</c>, validated at startup, then <c>SendEmailAsync</c>.</summary>
    private sealed class Library : WarmUpClient
    {
        private readonly ServiceProvider _provider;
        private readonly IEmailClient _client;
        private readonly bool _textGiven;

        public Library(int port, bool pooled, bool textGiven)
        {
            _textGiven = textGiven;
            var settings = new Dictionary<string, string?>
            {
                ["Email:SenderEmail"] = SampleEmail.SenderAddress,
                ["Email:SenderName"] = SampleEmail.SenderName,
                ["Email:Smtp:Host"] = "127.0.0.1",
                ["Email:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
                ["Email:Smtp:Connection"] = "plaintext",
            };
            if (pooled)
            {
                settings["Email:Smtp:Pooling:Enabled"] = "true";
                settings["Email:Smtp:Pooling:MaxConnections"] = "1";
                settings["Email:Smtp:Pooling:MaxMessagesPerConnection"] = "10000";
            }

            var services = new ServiceCollection();
            services.AddSmtpEmail(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
            _provider = services.BuildServiceProvider();
            _provider.GetRequiredService<IStartupValidator>().Validate();
            _client = _provider.GetRequiredService<IEmailClient>();
        }

        public override Task SendAsync() => _textGiven
            ? _client.SendAsync(new EmailMessage(SampleEmail.Recipient, SampleEmail.Subject, SampleEmail.Html) { TextBody = SampleEmail.Text })
            : _client.SendEmailAsync(SampleEmail.Recipient, SampleEmail.Subject, SampleEmail.Html);

        public override ValueTask DisposeAsync() => _provider.DisposeAsync();
    }

    /// <summary>
    /// A diagnostic: the library's layers below the public API, on one connection, to see what each costs while the
    /// JIT warms up. The connection (stage tracker, checks, error mapping) with a MimeKit-built message, or with the
    /// library's composer too (addresses, headers, the text part derived from the HTML).
    /// </summary>
    private sealed class LibraryConnection(int port, bool compose) : WarmUpClient
    {
        private readonly Hyperswitch.Email.Smtp.SmtpEndpoint _endpoint = new(new Hyperswitch.Email.Smtp.SmtpOptions
        {
            Host = "127.0.0.1",
            Port = port,
            Connection = Hyperswitch.Email.Smtp.SmtpConnectionMode.Plaintext,
        });

        private readonly Hyperswitch.Email.Internal.MessageComposer _composer = new(new EmailOptions
        {
            SenderEmail = SampleEmail.SenderAddress,
            SenderName = SampleEmail.SenderName,
        });

        private Hyperswitch.Email.Smtp.SmtpConnection? _connection;

        public override async Task SendAsync()
        {
            _connection ??= await Hyperswitch.Email.Smtp.SmtpConnection.OpenAsync(_endpoint, CancellationToken.None);
            using var message = compose ? _composer.Compose(SampleEmail.Create()) : SampleEmail.BuildWithMimeKit();
            await _connection.SendAsync(message, CancellationToken.None);
        }

        public override async ValueTask DisposeAsync()
        {
            if (_connection is not null)
            {
                await _connection.QuitAsync(CancellationToken.None);
                _connection.Dispose();
            }
        }
    }

    /// <summary>Raw MailKit, a fresh connection per message (NoDelay socket): HTML only as most users write it, or the library's multipart.</summary>
    private sealed class MailKitPerMessage(int port, bool multipart) : WarmUpClient
    {
        public override async Task SendAsync()
        {
            using var client = new SmtpClient();
            await ConnectAsync(client, port);
            await client.SendAsync(Message(multipart));
            await client.DisconnectAsync(quit: true);
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Raw MailKit over one connection reused for every message: what the library's pool is compared with.</summary>
    private sealed class MailKitReused(int port) : WarmUpClient
    {
        private readonly SmtpClient _client = new();

        public override async Task SendAsync()
        {
            if (!_client.IsConnected)
            {
                await ConnectAsync(_client, port);
            }

            await _client.SendAsync(Message(multipart: true));
        }

        public override async ValueTask DisposeAsync()
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(quit: true);
            }

            _client.Dispose();
        }
    }

    private static async Task ConnectAsync(SmtpClient client, int port)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", port);
        await client.ConnectAsync(socket, "127.0.0.1", port, SecureSocketOptions.None);
    }

    private static MimeMessage Message(bool multipart)
    {
        if (multipart)
        {
            return SampleEmail.BuildWithMimeKit();
        }

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(SampleEmail.SenderName, SampleEmail.SenderAddress));
        message.To.Add(MailboxAddress.Parse(SampleEmail.Recipient));
        message.Subject = SampleEmail.Subject;
        message.Body = new BodyBuilder { HtmlBody = SampleEmail.Html }.ToMessageBody();
        return message;
    }
}
