namespace Hyperswitch.Email.EntityFrameworkCore.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicSurface_ExposesNoMailKitNorMimeKitType() =>
        Assert.Empty(PublicSurface.MailKitOrMimeKitTypes(typeof(IEmailOutbox).Assembly));

    [Fact]
    public void PublicTypes_AreSealedOrInterfacesOrAbstractOrStatic() =>
        Assert.Empty(PublicSurface.UnsealedClasses(typeof(IEmailOutbox).Assembly));
}
