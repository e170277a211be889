using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Hyperswitch.Email.TestSupport;

/// <summary>Where in the SMTP dialogue a scripted action applies.</summary>
public enum SmtpPhase
{
    /// <summary>Right after the connection opens (after the TLS handshake with implicit TLS).</summary>
    Greeting,

    /// <summary>The reply to EHLO.</summary>
    Ehlo,

    /// <summary>The reply to STARTTLS.</summary>
    StartTls,

    /// <summary>The final reply to AUTH, after the credentials were read.</summary>
    Auth,

    /// <summary>The reply to MAIL FROM.</summary>
    MailFrom,

    /// <summary>The reply to RCPT TO.</summary>
    RcptTo,

    /// <summary>The reply to the DATA command (normally 354).</summary>
    Data,

    /// <summary>While the content is being received: after its first line.</summary>
    MidData,

    /// <summary>The reply to the final dot.</summary>
    EndOfData,
}

/// <summary>What the scripted server does at a phase instead of its normal reply.</summary>
public abstract record SmtpAction
{
    /// <summary>Close the connection without a reply.</summary>
    public static SmtpAction Close { get; } = new CloseAction();

    /// <summary>Never reply; keep the connection open until the client closes it.</summary>
    public static SmtpAction Stall { get; } = new StallAction();

    /// <summary>Reply with <paramref name="code"/> and <paramref name="text"/>.</summary>
    public static SmtpAction Reply(int code, string text) => new ReplyAction(code, text);

    /// <summary>A reply.</summary>
    public sealed record ReplyAction(int Code, string Text) : SmtpAction;

    /// <summary>A closed connection.</summary>
    public sealed record CloseAction : SmtpAction;

    /// <summary>At <see cref="SmtpPhase.EndOfData"/>: keep the message, then close without replying (the client cannot know it was accepted).</summary>
    public static SmtpAction AcceptThenClose { get; } = new AcceptThenCloseAction();

    public sealed record AcceptThenCloseAction : SmtpAction;

    /// <summary>A reply that never comes.</summary>
    public sealed record StallAction : SmtpAction;

    /// <summary>
    /// Write <paramref name="prefix"/>, then <paramref name="repeated"/> over and over, one byte every
    /// <paramref name="interval"/>, until the client closes: a reply that never ends, but never stops either.
    /// </summary>
    public static SmtpAction Drip(string prefix, string repeated, TimeSpan interval) => new DripAction(prefix, repeated, interval);

    /// <summary>Write <paramref name="line"/> (with CRLF, unless <paramref name="lineEnding"/> is false) over and over, as fast as the client reads, until it closes.</summary>
    public static SmtpAction Flood(string line, bool lineEnding = true) => new FloodAction(line, lineEnding);

    /// <summary>A reply dripped byte by byte.</summary>
    public sealed record DripAction(string Prefix, string Repeated, TimeSpan Interval) : SmtpAction;

    /// <summary>An endless reply, as fast as possible.</summary>
    public sealed record FloodAction(string Line, bool LineEnding) : SmtpAction;
}

/// <summary>
/// An in-process SMTP server on a free loopback port whose replies each test scripts: close, stall or answer with any
/// code at any phase, advertise or hide STARTTLS, present any certificate, implicit TLS. It records what it received.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<int, Task> _connections = new();
    private readonly ConcurrentQueue<ReceivedCommand> _commands = new();
    private readonly ConcurrentQueue<ReceivedMessage> _messages = new();
    private readonly ConcurrentQueue<string> _xoauth2 = new();
    private readonly Task _acceptLoop;
    private int _connectionCount;
    private int _dataCommands;
    private long _floodedBytes;

    public ScriptedSmtpServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(backlog: 1024);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Decides the action for a connection (numbered from 1) at a phase; <see langword="null"/> means the normal reply.</summary>
    public Func<int, SmtpPhase, SmtpAction?> Script { get; set; } = (_, _) => null;

    /// <summary>Advertise STARTTLS in the EHLO reply (only if <see cref="Certificate"/> is set).</summary>
    public bool AdvertiseStartTls { get; set; }

    /// <summary>Do the TLS handshake as soon as the connection opens (port 465 style).</summary>
    public bool ImplicitTls { get; set; }

    /// <summary>The certificate presented for STARTTLS or implicit TLS.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>The AUTH mechanisms advertised, e.g. <c>PLAIN LOGIN</c>; <see langword="null"/> for none.</summary>
    public string? AuthMechanisms { get; set; }

    /// <summary>The user name and password that AUTH accepts.</summary>
    public (string UserName, string Password)? Credentials { get; set; }

    /// <summary>The OAuth2 access token that AUTH XOAUTH2 accepts (for <see cref="Credentials"/>' user name).</summary>
    public string? AcceptedAccessToken { get; set; }

    /// <summary>The iteration count that AUTH SCRAM-SHA-* asks for (it then refuses the proof with 535).</summary>
    public int ScramIterations { get; set; } = 4096;

    /// <summary>Gets the decoded SASL initial responses of AUTH XOAUTH2, in order.</summary>
    public IReadOnlyList<string> XOAuth2Responses => _xoauth2.ToArray();

    /// <summary>Further EHLO keywords, such as <c>SIZE 1000</c>, <c>SMTPUTF8</c>, <c>8BITMIME</c>, <c>PIPELINING</c>.</summary>
    public List<string> Extensions { get; } = [];

    /// <summary>Closes a connection that stays idle this long between commands, as providers do (about 10 s); <see langword="null"/> never.</summary>
    public TimeSpan? IdleDisconnect { get; set; }

    /// <summary>Gets how many connections were accepted.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Gets how many bytes <see cref="SmtpAction.Flood"/> wrote before the client closed the connection.</summary>
    public long FloodedBytes => Interlocked.Read(ref _floodedBytes);

    /// <summary>The certificates sent with <see cref="Certificate"/> in the handshake (an issuing CA), or <see langword="null"/>.</summary>
    public X509Certificate2Collection? CertificateChain { get; set; }

    /// <summary>Gets how many DATA commands arrived.</summary>
    public int DataCommandCount => Volatile.Read(ref _dataCommands);

    /// <summary>Gets every command line received, in order, with whether TLS protected it.</summary>
    public IReadOnlyList<ReceivedCommand> Commands => _commands.ToArray();

    /// <summary>Gets the messages accepted with 250 after the final dot.</summary>
    public IReadOnlyList<ReceivedMessage> Messages => _messages.ToArray();

    /// <summary>Gets the number of connections still open on the server side.</summary>
    public int OpenConnections => _connections.Count;

    /// <summary>Scripts <paramref name="action"/> at <paramref name="phase"/> for every connection, or only for connection <paramref name="onlyConnection"/>.</summary>
    public ScriptedSmtpServer On(SmtpPhase phase, SmtpAction action, int? onlyConnection = null)
    {
        var previous = Script;
        Script = (connection, current) =>
            current == phase && (onlyConnection is null || onlyConnection == connection) ? action : previous(connection, current);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception exception) when (exception is ObjectDisposedException or SocketException or OperationCanceledException)
        {
        }

        await Task.WhenAll(_connections.Values);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is ObjectDisposedException or SocketException or OperationCanceledException)
            {
                return;
            }

            socket.NoDelay = true;
            var number = Interlocked.Increment(ref _connectionCount);
            var task = Task.Run(() => ServeAsync(socket, number));
            _connections[number] = task;
            _ = task.ContinueWith(_ => _connections.TryRemove(number, out Task? _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket socket, int number)
    {
        using var _ = socket;
        await using var network = new NetworkStream(socket, ownsSocket: false);
        var session = new Session(this, number, network);
        try
        {
            await session.RunAsync(_stopping.Token);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            // The client went away, the handshake failed, or the test is over.
        }
        finally
        {
            await session.DisposeAsync();
        }
    }

    /// <summary>A command line as received, and whether TLS protected it.</summary>
    public sealed record ReceivedCommand(int Connection, string Line, bool OverTls);

    /// <summary>A message the server accepted.</summary>
    public sealed record ReceivedMessage(int Connection, string MailFrom, IReadOnlyList<string> Recipients, string Content, bool OverTls)
    {
        /// <summary>Gets a value indicating whether a content line held a bare CR, or ended with a bare LF.</summary>
        public bool BareLineEndings { get; init; }

        /// <summary>Gets the length in octets of the longest content line, CRLF excluded, before dot-unstuffing.</summary>
        public int LongestLine { get; init; }

        /// <summary>Gets when the server accepted the message (its reply to the final dot), in UTC.</summary>
        public DateTime ReceivedAt { get; init; } = DateTime.UtcNow;
    }

    private sealed class Session(ScriptedSmtpServer server, int number, Stream network) : IAsyncDisposable
    {
        private readonly Stream _network = network;
        private readonly LineReader _reader = new(network);
        private Stream _stream = network;
        private SslStream? _tls;
        private bool _bareLineEndings;
        private int _longestLine;

        private ReceivedMessage Received(int connection, string mailFrom, List<string> recipients, string content) =>
            new(connection, mailFrom, recipients.ToList(), content, _tls is not null) { BareLineEndings = _bareLineEndings, LongestLine = _longestLine };

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            if (server.ImplicitTls)
            {
                await StartTlsAsync(cancellationToken);
            }

            if (!await ActAsync(SmtpPhase.Greeting, 220, "scripted.test ESMTP ready", cancellationToken))
            {
                return;
            }

            string? mailFrom = null;
            var recipients = new List<string>();
            while (await ReadCommandAsync(cancellationToken) is { } line)
            {
                server._commands.Enqueue(new ReceivedCommand(number, line, _tls is not null));
                var verb = (line.Split(' ', 2)[0]).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        if (!await ActAsync(SmtpPhase.Ehlo, 250, EhloLines(), cancellationToken))
                        {
                            return;
                        }

                        break;
                    case "STARTTLS":
                        if (!await ActAsync(SmtpPhase.StartTls, 220, "2.0.0 Ready to start TLS", cancellationToken))
                        {
                            return;
                        }

                        if (server.Script(number, SmtpPhase.StartTls) is null or SmtpAction.ReplyAction { Code: 220 })
                        {
                            await StartTlsAsync(cancellationToken);
                        }

                        break;
                    case "AUTH":
                        if (!await AuthenticateAsync(line, cancellationToken))
                        {
                            return;
                        }

                        break;
                    case "MAIL":
                        mailFrom = line;
                        recipients.Clear();
                        if (!await ActAsync(SmtpPhase.MailFrom, 250, "2.1.0 Sender OK", cancellationToken))
                        {
                            return;
                        }

                        break;
                    case "RCPT":
                        recipients.Add(line);
                        if (!await ActAsync(SmtpPhase.RcptTo, 250, "2.1.5 Recipient OK", cancellationToken))
                        {
                            return;
                        }

                        break;
                    case "DATA":
                        Interlocked.Increment(ref server._dataCommands);
                        if (!await ActAsync(SmtpPhase.Data, 354, "Start mail input; end with <CRLF>.<CRLF>", cancellationToken))
                        {
                            return;
                        }

                        if (server.Script(number, SmtpPhase.Data) is SmtpAction.ReplyAction { Code: not 354 })
                        {
                            break;
                        }

                        var content = await ReadContentAsync(cancellationToken);
                        if (content is null)
                        {
                            return;
                        }

                        var ending = server.Script(number, SmtpPhase.EndOfData);
                        if (ending is SmtpAction.AcceptThenCloseAction)
                        {
                            server._messages.Enqueue(Received(number, mailFrom ?? string.Empty, recipients, content));
                            return;
                        }

                        // Recorded before the reply, so that a client that has its 250 finds the message in Messages.
                        var accepted = ending is null or SmtpAction.ReplyAction { Code: >= 200 and < 300 };
                        if (accepted)
                        {
                            server._messages.Enqueue(Received(number, mailFrom ?? string.Empty, recipients, content));
                        }

                        if (!await ActAsync(SmtpPhase.EndOfData, 250, "2.0.0 Ok: queued", cancellationToken))
                        {
                            return;
                        }

                        break;
                    case "RSET":
                        mailFrom = null;
                        recipients.Clear();
                        await WriteAsync("250 2.0.0 OK", cancellationToken);
                        break;
                    case "NOOP":
                        await WriteAsync("250 2.0.0 OK", cancellationToken);
                        break;
                    case "QUIT":
                        await WriteAsync("221 2.0.0 Bye", cancellationToken);
                        return;
                    default:
                        await WriteAsync("502 5.5.2 Command not recognized", cancellationToken);
                        break;
                }
            }
        }

        /// <summary>Reads the next command; <see langword="null"/> when the client closed, or when it stayed idle past <see cref="IdleDisconnect"/>.</summary>
        private async Task<string?> ReadCommandAsync(CancellationToken cancellationToken)
        {
            if (server.IdleDisconnect is not { } idle)
            {
                return await _reader.ReadLineAsync(cancellationToken);
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(idle);
            try
            {
                return await _reader.ReadLineAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await WriteAsync("421 4.4.2 Idle timeout, closing connection", CancellationToken.None);
                return null;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_tls is not null)
            {
                await _tls.DisposeAsync();
            }
        }

        private string EhloLines()
        {
            var lines = new List<string> { "scripted.test" };
            if (server.AdvertiseStartTls && server.Certificate is not null && _tls is null)
            {
                lines.Add("STARTTLS");
            }

            if (server.AuthMechanisms is { } mechanisms)
            {
                lines.Add($"AUTH {mechanisms}");
            }

            lines.AddRange(server.Extensions);
            return string.Join('\n', lines);
        }

        /// <summary>Runs the scripted action for <paramref name="phase"/>, or the normal reply; returns whether the session goes on.</summary>
        private async Task<bool> ActAsync(SmtpPhase phase, int code, string text, CancellationToken cancellationToken)
        {
            switch (server.Script(number, phase))
            {
                case SmtpAction.CloseAction:
                    return false;
                case SmtpAction.StallAction:
                    await StallAsync(cancellationToken);
                    return false;
                case SmtpAction.ReplyAction reply:
                    await ReplyAsync(reply.Code, reply.Text, cancellationToken);
                    return reply.Code != 421;
                case SmtpAction.DripAction drip:
                    await DripAsync(drip, cancellationToken);
                    return false;
                case SmtpAction.FloodAction flood:
                    await FloodAsync(flood.LineEnding ? flood.Line + "\r\n" : flood.Line, cancellationToken);
                    return false;
                default:
                    await ReplyAsync(code, text, cancellationToken);
                    return true;
            }
        }

        /// <summary>Writes the drip byte by byte until the client closes (the write fails) or the test ends.</summary>
        private async Task DripAsync(SmtpAction.DripAction drip, CancellationToken cancellationToken)
        {
            var prefix = Encoding.ASCII.GetBytes(drip.Prefix);
            var repeated = Encoding.ASCII.GetBytes(drip.Repeated);
            var index = 0;
            var closed = WaitForCloseAsync(cancellationToken);
            while (!closed.IsCompleted)
            {
                var next = index < prefix.Length ? prefix[index] : repeated[(index - prefix.Length) % repeated.Length];
                index++;
                await _stream.WriteAsync(new[] { next }, cancellationToken);
                await _stream.FlushAsync(cancellationToken);
                await Task.WhenAny(closed, Task.Delay(drip.Interval, cancellationToken));
            }
        }

        /// <summary>Writes the text over and over until the client closes or the test ends, counting the bytes written.</summary>
        private async Task FloodAsync(string line, CancellationToken cancellationToken)
        {
            var chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(line, Math.Max(1, 16 * 1024 / line.Length))));
            while (true)
            {
                await _stream.WriteAsync(chunk, cancellationToken);
                Interlocked.Add(ref server._floodedBytes, chunk.Length);
            }
        }

        /// <summary>Completes when the client closes the connection (or the test ends), dropping whatever it sends.</summary>
        private async Task WaitForCloseAsync(CancellationToken cancellationToken)
        {
            try
            {
                await StallAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }

        /// <summary>Answers nothing, reading and dropping whatever comes, until the client closes or the test ends.</summary>
        private async Task StallAsync(CancellationToken cancellationToken)
        {
            var buffer = new byte[4096];
            while (await _stream.ReadAsync(buffer, cancellationToken) > 0)
            {
            }
        }

        private async Task<bool> AuthenticateAsync(string line, CancellationToken cancellationToken)
        {
            var parts = line.Split(' ');
            var mechanism = parts.Length > 1 ? parts[1].ToUpperInvariant() : string.Empty;
            string? user = null;
            string? password = null;
            if (mechanism == "PLAIN")
            {
                var response = parts.Length > 2 ? parts[2] : await ChallengeAsync(string.Empty, cancellationToken);
                if (response is null)
                {
                    return false;
                }

                var fields = Encoding.UTF8.GetString(Convert.FromBase64String(response)).Split('\0');
                (user, password) = fields.Length == 3 ? (fields[1], fields[2]) : (null, null);
            }
            else if (mechanism == "LOGIN")
            {
                var first = parts.Length > 2 ? parts[2] : await ChallengeAsync("VXNlcm5hbWU6", cancellationToken);
                var second = first is null ? null : await ChallengeAsync("UGFzc3dvcmQ6", cancellationToken);
                if (first is null || second is null)
                {
                    return false;
                }

                user = Encoding.UTF8.GetString(Convert.FromBase64String(first));
                password = Encoding.UTF8.GetString(Convert.FromBase64String(second));
            }
            else if (mechanism == "XOAUTH2")
            {
                var response = parts.Length > 2 ? parts[2] : await ChallengeAsync(string.Empty, cancellationToken);
                if (response is null)
                {
                    return false;
                }

                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(response));
                server._xoauth2.Enqueue(decoded);
                if (decoded == $"user={server.Credentials?.UserName}\u0001auth=Bearer {server.AcceptedAccessToken}\u0001\u0001")
                {
                    return await ActAsync(SmtpPhase.Auth, 235, "2.7.0 Accepted", cancellationToken);
                }

                // Gmail's and Microsoft's way: a 334 carrying a JSON error, an empty line from the client, then 535.
                var error = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"status\":\"401\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.google.com/\"}"));
                if (await ChallengeAsync(error, cancellationToken) is null)
                {
                    return false;
                }

                return await ActAsync(SmtpPhase.Auth, 535, "5.7.8 Username and Password not accepted", cancellationToken);
            }
            else if (mechanism.StartsWith("SCRAM-", StringComparison.Ordinal))
            {
                // Only the server-first-message, with the scripted iteration count; the proof is never checked.
                var first = parts.Length > 2 ? parts[2] : await ChallengeAsync(string.Empty, cancellationToken);
                if (first is null)
                {
                    return false;
                }

                var nonce = Encoding.UTF8.GetString(Convert.FromBase64String(first)).Split(',').First(a => a.StartsWith("r=", StringComparison.Ordinal))[2..];
                var serverFirst = Convert.ToBase64String(Encoding.UTF8.GetBytes($"r={nonce}scripted,s=c2NyaXB0ZWQtc2FsdA==,i={server.ScramIterations}"));
                if (await ChallengeAsync(serverFirst, cancellationToken) is null)
                {
                    return false;
                }

                return await ActAsync(SmtpPhase.Auth, 535, "5.7.8 Authentication credentials invalid", cancellationToken);
            }
            else
            {
                await WriteAsync("504 5.5.4 Unrecognized authentication type", cancellationToken);
                return true;
            }

            var valid = server.Credentials is { } expected && expected.UserName == user && expected.Password == password;
            return valid
                ? await ActAsync(SmtpPhase.Auth, 235, "2.7.0 Authentication successful", cancellationToken)
                : await ActAsync(SmtpPhase.Auth, 535, "5.7.8 Authentication credentials invalid", cancellationToken);
        }

        private async Task<string?> ChallengeAsync(string challenge, CancellationToken cancellationToken)
        {
            await WriteAsync($"334 {challenge}".TrimEnd(), cancellationToken);
            var response = await _reader.ReadLineAsync(cancellationToken);
            if (response is not null)
            {
                // Recorded so that tests can check that credentials never crossed the network in clear text.
                server._commands.Enqueue(new ReceivedCommand(number, response, _tls is not null));
            }

            return response;
        }

        /// <summary>Reads the content up to the final dot, undoing dot-stuffing; <see langword="null"/> when the session must end.</summary>
        private async Task<string?> ReadContentAsync(CancellationToken cancellationToken)
        {
            var content = new StringBuilder();
            var lines = 0;
            _bareLineEndings = false;
            _longestLine = 0;
            while (await _reader.ReadLineAsync(cancellationToken) is { } line)
            {
                _bareLineEndings |= line.Contains('\r', StringComparison.Ordinal) || !_reader.LastLineEndedWithCrLf;
                _longestLine = Math.Max(_longestLine, _reader.LastLineOctets);
                if (line == ".")
                {
                    return content.ToString();
                }

                content.Append(line.StartsWith("..", StringComparison.Ordinal) ? line[1..] : line).Append("\r\n");
                if (++lines == 1)
                {
                    switch (server.Script(number, SmtpPhase.MidData))
                    {
                        case SmtpAction.CloseAction:
                            return null;
                        case SmtpAction.StallAction:
                            await StallAsync(cancellationToken);
                            return null;
                    }
                }
            }

            return null;
        }

        private Task ReplyAsync(int code, string text, CancellationToken cancellationToken)
        {
            var lines = text.Split('\n');
            var reply = new StringBuilder();
            for (var i = 0; i < lines.Length; i++)
            {
                reply.Append(code).Append(i == lines.Length - 1 ? ' ' : '-').Append(lines[i]).Append("\r\n");
            }

            return WriteRawAsync(reply.ToString(), cancellationToken);
        }

        private Task WriteAsync(string line, CancellationToken cancellationToken) => WriteRawAsync(line + "\r\n", cancellationToken);

        private async Task WriteRawAsync(string text, CancellationToken cancellationToken)
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
            await _stream.FlushAsync(cancellationToken);
        }

        private async Task StartTlsAsync(CancellationToken cancellationToken)
        {
            var certificate = server.Certificate ?? throw new InvalidOperationException("TLS needs a Certificate.");
            _tls = new SslStream(_network, leaveInnerStreamOpen: true);
            await _tls.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = SslStreamCertificateContext.Create(certificate, server.CertificateChain, offline: true),
                    ClientCertificateRequired = false,
                },
                cancellationToken);
            _stream = _tls;
            _reader.Reset(_tls);
        }
    }

    /// <summary>Reads CRLF-terminated lines; it can switch to the TLS stream after STARTTLS.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[16 * 1024];
        private readonly MemoryStream _line = new();
        private Stream _stream = stream;
        private int _start;
        private int _end;

        /// <summary>Gets a value indicating whether the last line read ended with CRLF (not a bare LF).</summary>
        public bool LastLineEndedWithCrLf { get; private set; }

        /// <summary>Gets the length in octets of the last line read, its line ending excluded.</summary>
        public int LastLineOctets { get; private set; }

        public void Reset(Stream stream)
        {
            _stream = stream;
            _start = _end = 0;
        }

        public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            _line.SetLength(0);
            while (true)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = await _stream.ReadAsync(_buffer, cancellationToken);
                    if (_end == 0)
                    {
                        return null;
                    }
                }

                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline < 0)
                {
                    _line.Write(_buffer, _start, _end - _start);
                    _start = _end;
                    continue;
                }

                _line.Write(_buffer, _start, newline - _start);
                _start = newline + 1;
                var bytes = _line.ToArray();
                LastLineEndedWithCrLf = bytes.Length > 0 && bytes[^1] == '\r';
                var length = LastLineEndedWithCrLf ? bytes.Length - 1 : bytes.Length;
                LastLineOctets = length;
                return Encoding.UTF8.GetString(bytes, 0, length);
            }
        }
    }
}
