using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Hyperswitch.Email.EntityFrameworkCore.Tests;

/// <summary>The dispatcher of Hyperswitch.Email.EntityFrameworkCore.Worker in a process of its own, to kill (SIGKILL: no shutdown, no release).</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private WorkerProcess(Process process) => _process = process;

    /// <summary>The lines it printed so far.</summary>
    public IReadOnlyList<string> Lines => _lines.ToArray();

    public static WorkerProcess Start(string connectionString, int smtpPort, string instance, bool resendWhenUncertain = true, bool hangAfterSend = false, int? rateLimitPerSecond = null)
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "Hyperswitch.Email.EntityFrameworkCore.Worker.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { worker, connectionString, smtpPort.ToString(CultureInfo.InvariantCulture), instance, resendWhenUncertain ? "true" : "false", hangAfterSend ? "hang-after-send" : "-", rateLimitPerSecond?.ToString(CultureInfo.InvariantCulture) ?? "-" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The worker did not start.");
        var running = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                running._lines.Enqueue(line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                running._errors.Enqueue(line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Whether the process has ended (on its own, before it was killed, it failed).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What it printed, standard output then the last lines of standard error, for a failed assertion's message.</summary>
    public string Output =>
        $"exited: {_process.HasExited}{Environment.NewLine}stdout:{Environment.NewLine}{string.Join(Environment.NewLine, _lines)}"
        + $"{Environment.NewLine}stderr:{Environment.NewLine}{string.Join(Environment.NewLine, _errors.TakeLast(60))}";

    /// <summary>Kills the process (SIGKILL) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
