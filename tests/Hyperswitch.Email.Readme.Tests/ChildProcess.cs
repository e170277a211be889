using System.Diagnostics;

namespace Hyperswitch.Email.Readme.Tests;

/// <summary>
/// Runs a command as a user at a terminal would: its own environment (a fresh .NET CLI home, hence an empty NuGet
/// cache), none of the test host's MSBuild variables, a bounded wait and the last lines of its output for the failure.
/// </summary>
internal static class ChildProcess
{
    /// <param name="fileName">The program.</param>
    /// <param name="workingDirectory">Where it runs.</param>
    /// <param name="environment">Variables to set; with <paramref name="asUser"/>, on top of a user's shell environment.</param>
    /// <param name="asUser">Whether the test run's .NET and NuGet variables are dropped, as in a new user's shell.</param>
    public static ProcessStartInfo StartInfo(string fileName, string workingDirectory, IReadOnlyDictionary<string, string?> environment, bool asUser = true)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var name in start.Environment.Keys.ToList())
        {
            // `dotnet test` runs this under MSBuild's and VSTest's variables; a user's shell has none of them.
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase)
                || (asUser && (name.StartsWith("NUGET_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase))))
            {
                start.Environment.Remove(name);
            }
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>Runs <paramref name="fileName"/> to its end and fails with its output when it exits non-zero or outlives <paramref name="timeout"/>.</summary>
    public static async Task RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeout,
        bool asUser = true)
    {
        var start = StartInfo(fileName, workingDirectory, environment, asUser);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var output = new BoundedOutput();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        process.OutputDataReceived += (_, e) => output.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => output.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {string.Join(' ', start.ArgumentList)}' in {workingDirectory} did not end within {timeout.TotalSeconds} s:{Environment.NewLine}{output}");
        }

        Assert.True(
            process.ExitCode == 0,
            $"'{fileName} {string.Join(' ', start.ArgumentList)}' in {workingDirectory} exited with {process.ExitCode}:{Environment.NewLine}{output}");
    }
}
