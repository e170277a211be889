namespace Hyperswitch.Email.AspNetCore.Identity.Tests;

public sealed class PublicApiTests() : PublicSurfaceTests(typeof(IdentityEmailTemplateOptions).Assembly);
