using System.Collections.Concurrent;

namespace Hyperswitch.Email.TestSupport;

/// <summary>The last lines a child process printed, for the error message when it fails to start.</summary>
public sealed class BoundedOutput(int capacity = 400)
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Keeps <paramref name="line"/> (a null one is the end of the stream), dropping the oldest beyond the capacity.</summary>
    public void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > capacity && _lines.TryDequeue(out _))
        {
        }
    }

    public override string ToString() => string.Join(Environment.NewLine, _lines);
}
