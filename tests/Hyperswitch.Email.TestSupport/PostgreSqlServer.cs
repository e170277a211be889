using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Hyperswitch.Email.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server from Debian's packages (the newest <c>/usr/lib/postgresql/*/bin</c>): a fresh cluster
/// in a temporary directory, on a free loopback port, user <c>postgres</c> with trust authentication, durability off.
/// Started by fixtures; stopped and deleted when they are disposed, and stopped when the test process exits, however
/// it exits. Databases are made with the command-line tools, so that this project needs no database driver.
/// </summary>
public sealed partial class PostgreSqlServer : IAsyncDisposable
{
    public const string UserName = "postgres";

    private const string PackageRoot = "/usr/lib/postgresql";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    // Runs the server with the test process's pipe as a watchdog: when that pipe closes (DisposeAsync closes it, or
    // the test process is gone, even killed), the watchdog sends SIGQUIT, the signal of `pg_ctl stop -m immediate`.
    // The shell waits for the server, so that its exit is the server's exit and a failed start is seen at once.
    // A background list reads /dev/null unless told otherwise, hence stdin kept on fd 3 for the watchdog.
    private const string Supervisor = """
        exec 3<&0 </dev/null
        "$@" 3<&- &
        server=$!
        { while read -r _; do :; done; kill -QUIT "$server"; } <&3 >/dev/null 2>&1 &
        watchdog=$!
        exec 3<&-
        wait "$server"
        status=$?
        kill "$watchdog" 2>/dev/null
        exit "$status"
        """;

    private readonly string _binDirectory;
    private Process _process;
    private readonly BoundedOutput _output = new();
    private int _stopped;

    private readonly bool _durableCommits;

    private PostgreSqlServer(Process process, string binDirectory, string dataDirectory, int port, bool durableCommits)
    {
        _durableCommits = durableCommits;
        _process = process;
        _binDirectory = binDirectory;
        DataDirectory = dataDirectory;
        Port = port;
    }

    /// <summary>The loopback address the server listens on (TCP only; its Unix socket is in <see cref="DataDirectory"/>).</summary>
    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>The cluster's temporary directory, deleted by <see cref="DisposeAsync"/>.</summary>
    public string DataDirectory { get; }

    /// <summary>The last lines the server wrote (its log goes to stderr).</summary>
    public string Output => _output.ToString();

    /// <summary>Initializes a cluster in a new temporary directory and starts it; returns once it accepts connections.</summary>
    /// <param name="durableCommits">
    /// Whether a commit waits for its WAL to be written (<c>synchronous_commit=on</c>), so that it survives
    /// <see cref="StopImmediatelyAsync"/>; by default commits return first and the last ones are lost in such a crash.
    /// </param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed, or a step failed (the message has its output).</exception>
    /// <exception cref="TimeoutException">The server did not accept connections within 60 s (the message has its log).</exception>
    public static async Task<PostgreSqlServer> StartAsync(bool durableCommits = false, CancellationToken cancellationToken = default)
    {
        var binDirectory = FindBinDirectory();
        var dataDirectory = Directory.CreateTempSubdirectory("pg-").FullName;
        PostgreSqlServer? server = null;
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                // initdb and postgres refuse to run as root: the cluster belongs to the user the package creates.
                await RunAsync("chown", [$"{UserName}:{UserName}", dataDirectory], asServerUser: false, dataDirectory, cancellationToken);
            }

            await RunAsync(
                Path.Combine(binDirectory, "initdb"),
                ["-D", dataDirectory, "-U", UserName, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"],
                asServerUser: true,
                dataDirectory,
                cancellationToken);

            var port = FreePort.Next();
            server = new PostgreSqlServer(Launch(binDirectory, dataDirectory, port, durableCommits), binDirectory, dataDirectory, port, durableCommits);
            AppDomain.CurrentDomain.ProcessExit += server.OnProcessExit;
            server.Follow();
            await server.WaitUntilReadyAsync(cancellationToken);
            return server;
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
            else
            {
                DeleteDirectory(dataDirectory);
            }

            throw;
        }
    }

    /// <summary>
    /// Stops the server as a crash would (<c>pg_ctl stop -m immediate</c>: open connections are cut, nothing is shut
    /// down cleanly) and waits until it has exited; <see cref="RestartAsync"/> starts it again on the same port and data.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>pg_ctl</c> failed (the message has its output).</exception>
    public async Task StopImmediatelyAsync(CancellationToken cancellationToken = default)
    {
        await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["stop", "-D", DataDirectory, "-m", "immediate", "-w"], asServerUser: true, DataDirectory, cancellationToken);
        await _process.WaitForExitAsync(cancellationToken);
    }

    /// <summary>Starts the server stopped by <see cref="StopImmediatelyAsync"/> again (it recovers from the crash) and returns once it accepts connections.</summary>
    /// <exception cref="TimeoutException">The server did not accept connections within 60 s (the message has its log).</exception>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        var stopped = _process;
        _process = Launch(_binDirectory, DataDirectory, Port, _durableCommits);
        stopped.Dispose();
        Follow();
        await WaitUntilReadyAsync(cancellationToken);
    }

    /// <summary>The Npgsql connection string for <paramref name="database"/> on this server.</summary>
    /// <exception cref="ArgumentException"><paramref name="database"/> is null, empty or white space.</exception>
    public string ConnectionString(string database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        return $"Host={Host};Port={Port};Username={UserName};Database={database};Pooling=true;Include Error Detail=true";
    }

    /// <summary>Creates an empty database, named <paramref name="name"/> or else uniquely, and returns its connection string.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a plain lower-case identifier.</exception>
    /// <exception cref="InvalidOperationException"><c>createdb</c> failed (the message has its output).</exception>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name ??= $"test_{Guid.NewGuid():N}";
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a lower-case identifier of at most 63 characters.", nameof(name));
        }

        await RunAsync(
            Path.Combine(_binDirectory, "createdb"),
            ["-h", Host, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", UserName, "-w", name],
            asServerUser: false,
            DataDirectory,
            cancellationToken);
        return ConnectionString(name);
    }

    /// <summary>Runs <paramref name="sql"/> in <paramref name="database"/> through <c>psql</c>; returns the rows, one a line, columns separated by <c>|</c>.</summary>
    /// <exception cref="InvalidOperationException">The statement failed (the message has psql's error).</exception>
    public async Task<string> QueryAsync(string database, string sql, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        var output = await RunAsync(
            Path.Combine(_binDirectory, "psql"),
            [
                "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", Host, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", UserName, "-w", "-d", database,
                "-c", sql,
            ],
            asServerUser: false,
            DataDirectory,
            cancellationToken);
        return output.TrimEnd('\n');
    }

    /// <summary>Stops the server (immediate shutdown: nothing is kept), waits for it to exit and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        CloseWatchdogPipe();
        using (var wait = new CancellationTokenSource(StopTimeout))
        {
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException) when (wait.IsCancellationRequested)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        DeleteDirectory(DataDirectory);
    }

    // DisposeAsync never ran (a fixture not disposed, a run cut short): stop now rather than leave the server to the
    // watchdog, so that the directory can be deleted too.
    private void OnProcessExit(object? sender, EventArgs e)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        CloseWatchdogPipe();
        if (!_process.WaitForExit(StopTimeout))
        {
            _process.Kill(entireProcessTree: true);
        }

        DeleteDirectory(DataDirectory);
    }

    /// <summary>Starts the server under the supervisor, its watchdog on our pipe.</summary>
    private static Process Launch(string binDirectory, string dataDirectory, int port, bool durableCommits)
    {
        var start = StartInfo(
            "/bin/sh",
            [
                "-c", Supervisor, "supervisor",
                Path.Combine(binDirectory, "postgres"),
                "-D", dataDirectory,
                "-c", "listen_addresses=127.0.0.1",
                "-c", $"port={port}",
                "-c", $"unix_socket_directories={dataDirectory}",
                // Throwaway data: nothing needs to survive a crash of the machine, so nothing waits for the disk; a
                // crash of the server loses the last commits unless they wait for their WAL to be written.
                "-c", "fsync=off",
                "-c", durableCommits ? "synchronous_commit=on" : "synchronous_commit=off",
                "-c", "full_page_writes=off",
                "-c", "max_connections=200",
            ],
            asServerUser: true,
            dataDirectory);
        start.RedirectStandardInput = true;
        return Process.Start(start) ?? throw new InvalidOperationException("postgres did not start.");
    }

    private void Follow()
    {
        var process = _process;
        process.OutputDataReceived += (_, e) => _output.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => _output.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void CloseWatchdogPipe()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The supervisor is already gone.
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"postgres exited with code {_process.ExitCode}:{Environment.NewLine}{Output}");
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"postgres did not accept connections on port {Port} within {StartTimeout.TotalSeconds} s:{Environment.NewLine}{Output}");
            }

            if (await AcceptsConnectionsAsync(cancellationToken))
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task<bool> AcceptsConnectionsAsync(CancellationToken cancellationToken)
    {
        try
        {
            using (var probe = new TcpClient())
            {
                await probe.ConnectAsync(Host, Port, cancellationToken);
            }

            // Listening is not yet accepting logins (recovery, startup): pg_isready tells the two apart.
            await RunAsync(
                Path.Combine(_binDirectory, "pg_isready"),
                ["-q", "-h", Host, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", UserName, "-d", "postgres"],
                asServerUser: false,
                DataDirectory,
                cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is SocketException or InvalidOperationException)
        {
            return false;
        }
    }


    private static string FindBinDirectory()
    {
        var newest = Directory.Exists(PackageRoot)
            ? Directory.GetDirectories(PackageRoot)
                .Select(directory => (Directory: directory, Version: decimal.TryParse(Path.GetFileName(directory), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var version) ? version : -1))
                .Where(candidate => candidate.Version >= 0 && File.Exists(Path.Combine(candidate.Directory, "bin", "initdb")))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Directory)
                .FirstOrDefault()
            : null;
        return newest is null
            ? throw new InvalidOperationException($"PostgreSQL is not installed: no {PackageRoot}/*/bin/initdb. Install Debian's postgresql package (.ci/run does when it is missing).")
            : Path.Combine(newest, "bin");
    }

    private static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments, bool asServerUser, string workingDirectory)
    {
        // setpriv (util-linux, on every Debian) switches user and execs, so the process we hold is the program itself.
        var switchUser = asServerUser && Environment.IsPrivilegedProcess;
        var start = new ProcessStartInfo(switchUser ? "setpriv" : program)
        {
            // Somewhere the server's user may enter: the tools resolve the current directory.
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        if (switchUser)
        {
            foreach (var argument in new[] { $"--reuid={UserName}", $"--regid={UserName}", "--init-groups", "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGCLIENTENCODING"] = "UTF8";
        return start;
    }

    private static async Task<string> RunAsync(string program, IEnumerable<string> arguments, bool asServerUser, string workingDirectory, CancellationToken cancellationToken)
    {
        using var process = Process.Start(StartInfo(program, arguments, asServerUser, workingDirectory))
            ?? throw new InvalidOperationException($"{program} did not start.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            await Task.WhenAll(output, error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within {CommandTimeout.TotalSeconds} s.");
        }

        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with code {process.ExitCode}:{Environment.NewLine}{await output}{await error}");
    }

    private static void DeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
