using System.Reflection;

namespace Hyperswitch.Email.TestSupport;

/// <summary>The public-surface checks every shipped package passes; a package's test project derives one class from it.</summary>
public abstract class PublicSurfaceTests(Assembly package)
{
    [Fact]
    public void PublicSurface_ExposesNoMailKitNorMimeKitType() =>
        Assert.Empty(PublicSurface.MailKitOrMimeKitTypes(package));

    [Fact]
    public void PublicTypes_AreSealedOrInterfacesOrAbstractOrStatic() =>
        Assert.Empty(PublicSurface.UnsealedClasses(package));
}
