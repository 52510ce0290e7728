using System.Net;

namespace BudapestPost.DevHost.Tests;

/// <summary>
/// host.json <c>extensions.http.routePrefix</c> decides where HTTP functions answer, for the DevHost's routing and the
/// worker's alike: "api" when absent, the root when empty. Each case runs a copy of the test app with its own host.json.
/// </summary>
public sealed class RoutePrefixTests
{
    [Theory]
    [InlineData("""{"version":"2.0"}""", "api/hello/Budapest", "hello/Budapest")]
    [InlineData("""{"version":"2.0","extensions":{"http":{"routePrefix":""}}}""", "hello/Budapest", "api/hello/Budapest")]
    // host.json is read without regard to case, by the worker as by the real host.
    [InlineData("""{"version":"2.0","Extensions":{"Http":{"RoutePrefix":"v1"}}}""", "v1/hello/Budapest", "api/hello/Budapest")]
    public async Task Get_RoutePrefixFromHostJson_FunctionAnswersBelowItOnly(string hostJson, string path, string elsewhere)
    {
        await using var host = new HostJsonFixture(hostJson);
        await host.InitializeAsync();

        var response = await host.Client.GetAsync(path);
        var other = await host.Client.GetAsync(elsewhere);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello, Budapest", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_EmptyRoutePrefix_HostEndpointsStillAnswer()
    {
        await using var host = new HostJsonFixture("""{"version":"2.0","extensions":{"http":{"routePrefix":""}}}""");
        await host.InitializeAsync();

        var status = await host.GetStatusAsync();

        Assert.Equal("Running", status.GetProperty("state").GetString());
        var hello = status.GetProperty("functions").EnumerateArray().Single(function => function.GetProperty("name").GetString() == "Hello");
        Assert.Equal("hello/{name:alpha}", hello.GetProperty("route").GetString());
    }

    /// <summary>A DevHost running a copy of the test app with <paramref name="hostJson"/> as its host.json.</summary>
    private sealed class HostJsonFixture : DevHostFixture, IAsyncDisposable
    {
        private readonly DirectoryInfo _copy = Directory.CreateTempSubdirectory("devhost-test-app-");

        public HostJsonFixture(string hostJson)
        {
            foreach (var file in Directory.EnumerateFiles(TestAppDirectory, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(_copy.FullName, Path.GetRelativePath(TestAppDirectory, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            File.WriteAllText(Path.Combine(_copy.FullName, "host.json"), hostJson);
        }

        protected override string AppDirectory => _copy.FullName;

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            _copy.Delete(recursive: true);
        }

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
