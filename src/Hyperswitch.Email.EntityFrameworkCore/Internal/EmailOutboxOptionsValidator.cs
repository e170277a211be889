using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.EntityFrameworkCore.Internal;

/// <summary>Validates <see cref="EmailOutboxOptions"/> at startup, naming every bad key.</summary>
internal sealed class EmailOutboxOptionsValidator : IValidateOptions<EmailOutboxOptions>
{
    private const string Section = EmailOutboxOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, EmailOutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Range(failures, nameof(options.BatchSize), options.BatchSize, 1, 1000);
        Range(failures, nameof(options.MaxConcurrency), options.MaxConcurrency, 1, 256);
        Range(failures, nameof(options.MaxAttempts), options.MaxAttempts, 1, 1000);
        Between(failures, nameof(options.PollInterval), options.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        Between(failures, nameof(options.LeaseDuration), options.LeaseDuration, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Between(failures, nameof(options.RetryDelay), options.RetryDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
        Between(failures, nameof(options.MaxRetryDelay), options.MaxRetryDelay, options.RetryDelay, TimeSpan.FromDays(7));
        Between(failures, nameof(options.SentRetention), options.SentRetention, TimeSpan.Zero, TimeSpan.FromDays(3650));
        if (options.FailedRetention is { } failedRetention)
        {
            Between(failures, nameof(options.FailedRetention), failedRetention, TimeSpan.Zero, TimeSpan.FromDays(3650));
        }

        Between(failures, nameof(options.PurgeInterval), options.PurgeInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(7));
        if (options.InstanceName is { } instance && (string.IsNullOrWhiteSpace(instance) || instance.Length > 100))
        {
            failures.Add($"{Section}:{nameof(options.InstanceName)} must be 1 to 100 characters, or left out for the machine name and process id.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Section}:{key} must be between {min} and {max} (it is {value}).");
        }
    }

    private static void Between(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Section}:{key} must be between {min} and {max} (it is {value}).");
        }
    }
}
