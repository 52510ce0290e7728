namespace BudapestPost.Testing;

/// <summary>The repository root, found by walking up from the test binaries to BudapestPost.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "BudapestPost.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No BudapestPost.sln above {AppContext.BaseDirectory}.");
    }
}
