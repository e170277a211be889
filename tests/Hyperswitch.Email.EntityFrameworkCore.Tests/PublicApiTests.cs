namespace Hyperswitch.Email.EntityFrameworkCore.Tests;

public sealed class PublicApiTests() : PublicSurfaceTests(typeof(IEmailOutbox).Assembly);
