namespace Hyperswitch.Email.Templates.Tests;

public sealed class PublicApiTests() : PublicSurfaceTests(typeof(EmailTemplateRenderer).Assembly);

public sealed class PreviewsPublicApiTests() : PublicSurfaceTests(typeof(Hyperswitch.Email.Templates.Previews.EmailPreviewOptions).Assembly);
