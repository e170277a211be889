using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Hyperswitch.Email.EntityFrameworkCore.Tests;

public sealed class PostgreSqlServerTests(PostgreSqlFixture postgres) : IClassFixture<PostgreSqlFixture>
{
    [Fact]
    public async Task CreateDatabaseAsync_CalledTwice_GivesTwoDatabasesThatAnswer()
    {
        var server = postgres.Server;

        var first = Parse(await server.CreateDatabaseAsync());
        var second = Parse(await server.CreateDatabaseAsync("outbox_second"));

        Assert.Equal(("127.0.0.1", server.Port.ToString(CultureInfo.InvariantCulture), "postgres"), (first["Host"], first["Port"], first["Username"]));
        Assert.Equal("outbox_second", second["Database"]);
        Assert.NotEqual(first["Database"], second["Database"]);
        foreach (var database in new[] { (string)first["Database"], (string)second["Database"] })
        {
            Assert.Equal(database, await server.QueryAsync(database, "SELECT current_database()"));
            Assert.StartsWith("PostgreSQL ", await server.QueryAsync(database, "SELECT version()"));
        }
    }

    [Fact]
    public async Task StopImmediately_ThenRestart_RefusesMeanwhileAndKeepsWhatWasCommitted()
    {
        await using var server = await PostgreSqlServer.StartAsync(durableCommits: true);
        var database = Parse(await server.CreateDatabaseAsync())["Database"].ToString()!;
        await server.QueryAsync(database, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42);");

        await server.StopImmediatelyAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.QueryAsync(database, "SELECT 1"));
        await server.RestartAsync();

        Assert.Equal("42", await server.QueryAsync(database, "SELECT id FROM kept"));
    }

    [Fact]
    public async Task DisposeAsync_RunningServer_StopsItDeletesItsDirectoryAndFreesItsPort()
    {
        var server = await PostgreSqlServer.StartAsync();
        var directory = server.DataDirectory;
        var port = server.Port;
        Assert.Equal("1", await server.QueryAsync("postgres", "SELECT 1"));

        await server.DisposeAsync();

        Assert.False(Directory.Exists(directory), $"{directory} is still there.");
        Assert.Empty(ProcessesMentioning(directory));
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
    }

    private static DbConnectionStringBuilder Parse(string connectionString) => new() { ConnectionString = connectionString };

    // The postmaster's command line names its data directory; its backends exit before it does.
    private static List<string> ProcessesMentioning(string text) =>
        Directory.GetDirectories("/proc")
            .Where(directory => int.TryParse(Path.GetFileName(directory), out _))
            .Select(directory =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                }
                catch (IOException)
                {
                    return ""; // exited meanwhile
                }
            })
            .Where(commandLine => commandLine.Contains(text))
            .ToList();
}
