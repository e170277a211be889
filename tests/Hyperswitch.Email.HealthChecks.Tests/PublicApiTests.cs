using Microsoft.Extensions.DependencyInjection;

namespace Hyperswitch.Email.HealthChecks.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicSurface_ExposesNoMailKitNorMimeKitType() =>
        Assert.Empty(PublicSurface.MailKitOrMimeKitTypes(typeof(EmailHealthChecksBuilderExtensions).Assembly));

    [Fact]
    public void PublicTypes_AreSealedOrInterfacesOrAbstractOrStatic() =>
        Assert.Empty(PublicSurface.UnsealedClasses(typeof(EmailHealthChecksBuilderExtensions).Assembly));
}
