using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using SamlAssume.Cache;
using SamlAssume.Serve;
using SamlAssume.Settings;
using Spectre.Console;

namespace SamlAssume.Benchmarks;

/// <summary>
/// <c>samlassume serve</c> answering from a warm cache (the profile's cache file holds credentials valid for hours):
/// <see cref="ServedCredentialsAndJson"/> is the server's own work for one request — the cache read and freshness
/// check shared with credential-process, and the JSON; <see cref="HttpRoundTrip"/> is a whole GET over loopback
/// through Kestrel with a kept-alive HttpClient (client time included), as an SDK makes it.
/// </summary>
[MemoryDiagnoser]
public class ServeBenchmarks
{
    private const string Profile = "bench";
    private string directory = "";
    private ServedCredentials credentials = null!;
    private ContainerCredentialsServer server = null!;
    private HttpClient http = null!;

    [GlobalSetup]
    public void Setup()
    {
        directory = Directory.CreateTempSubdirectory("samlassume-bench-serve-").FullName;
        var context = new CommandContext
        {
            Out = TextWriter.Null,
            Error = TextWriter.Null,
            Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }),
            In = TextReader.Null,
            IsInteractive = false,
            Environment = ProcessEnvironment.Of(new Dictionary<string, string?> { [CachePaths.XdgCacheHome] = Path.Combine(directory, "cache") }),
            HomeDirectory = directory,
            CurrentDirectory = directory,
        };
        new CredentialCache(CachePaths.For(context.Environment, directory)).Write(Profile, new CachedCredentials
        {
            AccessKeyId = "ASIAEXAMPLEEXAMPLE12",
            SecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            SessionToken = "IQoJb3JpZ2luX2VjE" + Convert.ToBase64String(new byte[300]),
            Expiration = DateTimeOffset.UtcNow.AddHours(12),
            AssumedRoleArn = "arn:aws:sts::111111111111:assumed-role/Developer/jane@example.com",
            Region = "eu-west-1",
        });
        credentials = new ServedCredentials(context, ProgressLog.Silent, new LoginArguments { Profile = Profile }, CredentialExpiry.DefaultMinRemaining);
        server = ContainerCredentialsServer.StartAsync(credentials, 0, ProgressLog.Silent, CancellationToken.None).GetAwaiter().GetResult();
        http = new HttpClient { BaseAddress = server.Url };
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", server.Token);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        http.Dispose();
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark]
    public async Task<int> ServedCredentialsAndJson() =>
        ContainerCredentialsJson.Write(await credentials.ForProfileAsync(CancellationToken.None)).Length;

    [Benchmark]
    public async Task<int> HttpRoundTrip()
    {
        using var response = await http.GetAsync("/");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }
}
