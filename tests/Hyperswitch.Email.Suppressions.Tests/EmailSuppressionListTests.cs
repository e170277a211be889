namespace Hyperswitch.Email.Suppressions.Tests;

/// <summary>The list API on a real SQLite database: normalized, one entry per address and stream, scoped lookups.</summary>
public sealed class EmailSuppressionListTests
{
    [Fact]
    public async Task AddAsync_SameAddressSpelledDifferently_IsOneNormalizedEntry()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var app = await SuppressionHost.StartAsync(database, smtpPort: 1);

        Assert.True(await app.Suppressions.AddAsync(" Jane@Example.COM ", EmailSuppressionReason.Manual, source: "ticket 4711"));
        Assert.False(await app.Suppressions.AddAsync("jane@example.com", EmailSuppressionReason.HardBounce));

        var entry = Assert.Single(await app.Suppressions.ListAsync());
        Assert.Equal("jane@example.com", entry.Address);
        Assert.Equal(EmailSuppression.AllStreams, entry.Stream);
        Assert.Equal(EmailSuppressionReason.Manual, entry.Reason);
        Assert.Equal("ticket 4711", entry.Source);
        Assert.Equal(DateTimeKind.Utc, entry.CreatedAt.Kind);
    }

    [Fact]
    public async Task FindAsync_StreamEntry_StopsThatStreamOnly_AllMailEntryStopsEverything()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var app = await SuppressionHost.StartAsync(database, smtpPort: 1);
        await app.Suppressions.AddAsync("news@example.com", EmailSuppressionReason.Unsubscribe, stream: "newsletter");
        await app.Suppressions.AddAsync("gone@example.com", EmailSuppressionReason.HardBounce);

        Assert.Single(await app.Suppressions.FindAsync(["news@example.com"], "newsletter"));
        Assert.Empty(await app.Suppressions.FindAsync(["news@example.com"]));
        Assert.Empty(await app.Suppressions.FindAsync(["news@example.com"], "billing"));
        Assert.Single(await app.Suppressions.FindAsync(["GONE@example.com"]));
        Assert.Single(await app.Suppressions.FindAsync(["gone@example.com"], "newsletter"));
    }

    [Fact]
    public async Task RemoveAsync_WithStream_LiftsThatEntry_WithoutStream_LiftsAll()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var app = await SuppressionHost.StartAsync(database, smtpPort: 1);
        await app.Suppressions.AddAsync("jane@example.com", EmailSuppressionReason.Unsubscribe, stream: "newsletter");
        await app.Suppressions.AddAsync("jane@example.com", EmailSuppressionReason.Complaint);
        await app.Suppressions.AddAsync("joe@example.com", EmailSuppressionReason.Complaint);

        Assert.Equal(1, await app.Suppressions.RemoveAsync("jane@example.com", "newsletter"));
        Assert.Single(await app.Suppressions.ListAsync("jane@example.com"));
        Assert.Equal(1, await app.Suppressions.RemoveAsync("Jane@example.com"));
        Assert.Empty(await app.Suppressions.ListAsync("jane@example.com"));
        Assert.Single(await app.Suppressions.ListAsync());
    }

    [Fact]
    public async Task AddAsync_NotAnAddressOrStream_IsRefused()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var app = await SuppressionHost.StartAsync(database, smtpPort: 1);

        await Assert.ThrowsAsync<ArgumentException>(() => app.Suppressions.AddAsync("not an address", EmailSuppressionReason.Manual));
        await Assert.ThrowsAsync<ArgumentException>(() => app.Suppressions.AddAsync("jane@example.com", EmailSuppressionReason.Manual, stream: "news letter"));
        Assert.Empty(await app.Suppressions.ListAsync());
    }
}
