using System.Diagnostics;
using System.Text;
using SamlAssume.Aws;

namespace SamlAssume.Tests.Aws;

public sealed class CredentialsFileTests : IDisposable
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private readonly string directory = Directory.CreateTempSubdirectory("samlassume-credfile-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string PathIn(params string[] parts) => Path.Combine([directory, .. parts]);

    private static KeyValuePair<string, string>[] Values(params (string Key, string Value)[] values) =>
        values.Select(v => KeyValuePair.Create(v.Key, v.Value)).ToArray();

    private static string Text(string path) => Encoding.UTF8.GetString(File.ReadAllBytes(path));

    // ---- the fixture: comments, blank lines, spacing variants, unknown keys, continuations, 20 other profiles ----

    private static string OtherProfiles(int from, int count)
    {
        var builder = new StringBuilder();
        for (var i = from; i < from + count; i++)
        {
            var separator = (i % 4) switch { 0 => " = ", 1 => "=", 2 => ": ", _ => "   =\t" };
            builder.Append($"[p{i:00}]\n");
            builder.Append($"aws_access_key_id{separator}AKIA{i:00}\n");
            builder.Append($"aws_secret_access_key{separator}secret/{i:00}+x=\n");
            if (i % 3 == 0)
            {
                builder.Append("; a comment between keys\n");
                builder.Append($"Unknown_Key = keeps ; inline # marks {i}\n");
            }

            builder.Append(i % 5 == 0 ? "\n\n" : "\n");
        }

        return builder.ToString();
    }

    private const string Header =
        "# written by hand\n" +
        "; semicolon comment\n" +
        "\n" +
        "[default]\n" +
        "aws_access_key_id = AKIADEFAULT\n" +
        "s3 =\n" +
        "    signature_version = s3v4\n" +
        "    addressing_style = path\n" +
        "   # an indented comment\n" +
        "region:eu-west-1\n" +
        "\n";

    private const string TargetSection =
        "[work]  \n" +
        "aws_access_key_id = OLDKEY\n" +
        "aws_secret_access_key=OLDSECRET\n" +
        "# a comment inside the section\n" +
        "output = json\n" +
        "aws_session_token =   OLDTOKEN\n" +
        "   more-of-the-old-token\n" +
        "\n" +
        "   and-more\n" +
        "x_unknown = stays\n";

    private const string ExpectedTargetSection =
        "[work]  \n" +
        "aws_access_key_id = NEWKEY\n" +
        "aws_secret_access_key=NEWSECRET\n" +
        "# a comment inside the section\n" +
        "output = json\n" +
        "aws_session_token =   NEWTOKEN\n" +
        "\n" +
        "x_unknown = stays\n" +
        "aws_security_token = NEWTOKEN\n" +
        "aws_session_expiration = 2030-01-01T00:00:00Z\n";

    private static readonly KeyValuePair<string, string>[] WorkValues = Values(
        ("aws_access_key_id", "NEWKEY"),
        ("aws_secret_access_key", "NEWSECRET"),
        ("aws_session_token", "NEWTOKEN"),
        ("aws_security_token", "NEWTOKEN"),
        ("aws_session_expiration", "2030-01-01T00:00:00Z"));

    private static string Before => Header + OtherProfiles(0, 10) + "# a comment before [work]\n";

    private static string After => "\n# a comment before p10\n" + OtherProfiles(10, 10) + "# trailing comment\n";

    private static byte[] Encode(string text, bool crlfWithBom)
    {
        var body = Encoding.UTF8.GetBytes(crlfWithBom ? text.Replace("\n", "\r\n") : text);
        return crlfWithBom ? [.. Bom, .. body] : body;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UpdatingAProfileChangesOnlyItsWrittenKeys(bool crlfWithBom)
    {
        var path = PathIn("credentials");
        File.WriteAllBytes(path, Encode(Before + TargetSection + After, crlfWithBom));

        new CredentialsFile(path).WriteProfile("work", WorkValues);

        var expected = Encode(Before + ExpectedTargetSection + After, crlfWithBom);
        Assert.Equal(Encoding.UTF8.GetString(expected), Text(path));
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ANewProfileIsAppendedAfterOneBlankLineAndNothingElseChanges(bool crlfWithBom)
    {
        var path = PathIn("credentials");
        var original = Before + TargetSection + After;
        File.WriteAllBytes(path, Encode(original, crlfWithBom));

        new CredentialsFile(path).WriteProfile("fresh", Values(("aws_access_key_id", "K"), ("aws_secret_access_key", "S")));

        var expected = Encode(original + "\n[fresh]\naws_access_key_id = K\naws_secret_access_key = S\n", crlfWithBom);
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void ReadingTheFixtureSeesWhatBotocoreSees()
    {
        var path = PathIn("credentials");
        File.WriteAllText(path, Before + TargetSection + After);
        var file = new CredentialsFile(path);

        Assert.Equal(22, file.ProfileNames().Count);
        Assert.Equal("default", file.ProfileNames()[0]);
        Assert.Contains("work", file.ProfileNames());
        var work = file.ReadProfile("work")!;
        Assert.Equal("OLDKEY", work["AWS_ACCESS_KEY_ID"]);
        Assert.Equal("OLDTOKEN\nmore-of-the-old-token\n\nand-more", work["aws_session_token"]);
        Assert.Equal("keeps ; inline # marks 3", file.ReadProfile("p03")!["unknown_key"]);
        Assert.Equal("secret/01+x=", file.ReadProfile("p01")!["aws_secret_access_key"]);
        Assert.Null(file.ReadProfile("nope"));
    }

    // ---- missing final newline (OneLogin's tool bug #7) ----

    [Theory]
    [InlineData("[a]\nk = v", "a", "[a]\nk = v\nx = 1")]
    [InlineData("[a]\nk = v", "b", "[a]\nk = v\n\n[b]\nx = 1")]
    [InlineData("[a]\nk = v\n[b]\nj = w", "a", "[a]\nk = v\nx = 1\n[b]\nj = w")]
    [InlineData("[a]\nx = old", "a", "[a]\nx = 1")]
    [InlineData("[a]", "a", "[a]\nx = 1")]
    [InlineData("[a]\r\nk = v", "a", "[a]\r\nk = v\r\nx = 1")]
    public void AFileWithoutAFinalNewlineGetsNoGluedLinesAndStillHasNone(string original, string profile, string expected)
    {
        var path = PathIn("credentials");
        File.WriteAllText(path, original);

        new CredentialsFile(path).WriteProfile(profile, Values(("x", "1")));

        Assert.Equal(expected, Text(path));
    }

    // ---- in-place edits ----

    [Fact]
    public void UpdatingKeepsTheProfilesOtherKeysAndTheirOrder()
    {
        var path = PathIn("credentials");
        File.WriteAllText(path, "[a]\nregion = eu-west-1\naws_access_key_id = OLD\noutput = json\naws_session_token = OLD\nmfa_serial = arn\n");

        new CredentialsFile(path).WriteProfile("a", Values(("aws_session_token", "T2"), ("aws_access_key_id", "K2"), ("aws_secret_access_key", "S2")));

        Assert.Equal(
            "[a]\nregion = eu-west-1\naws_access_key_id = K2\noutput = json\naws_session_token = T2\nmfa_serial = arn\naws_secret_access_key = S2\n",
            Text(path));
    }

    // init --keyring: the plaintext keys leave the file; everything else stays byte for byte.
    [Theory]
    [InlineData("[a]\nregion = x\n\n[b]\naws_access_key_id = K\naws_secret_access_key = S\nmfa_serial = M\n\n[c]\nk = v\n",
        "[a]\nregion = x\n\n[b]\nmfa_serial = M\n\n[c]\nk = v\n")]
    [InlineData("[a]\nregion = x\n\n[b]\naws_access_key_id = K\naws_secret_access_key = S\n\n# about c\n[c]\nk = v\n",
        "[a]\nregion = x\n\n# about c\n[c]\nk = v\n")]
    [InlineData("[b]\r\nAWS_ACCESS_KEY_ID=K\r\naws_secret_access_key = S\r\n  more\r\n\r\n  and more\r\nregion = r\r\n",
        "[b]\r\nregion = r\r\n")]
    [InlineData("[b]\naws_access_key_id = K\naws_secret_access_key = S", "")]
    public void RemovingTheKeysOfAProfileLeavesTheRestAndDropsAnEmptiedHeader(string original, string expected)
    {
        var path = PathIn("credentials");
        File.WriteAllText(path, original);

        Assert.True(new CredentialsFile(path).RemoveKeys("b", ["aws_access_key_id", "aws_secret_access_key"]));

        Assert.Equal(expected, Text(path));
        Assert.False(new CredentialsFile(path).RemoveKeys("b", ["aws_access_key_id", "aws_secret_access_key"]));
    }

    [Theory]
    [InlineData("[a]\nregion: us-east-1\n", "[a]\nregion: us-west-2\n")]
    [InlineData("[a]\nregion=us-east-1\n", "[a]\nregion=us-west-2\n")]
    [InlineData("[a]\n  REGION \t=  us-east-1\n", "[a]\n  REGION \t=  us-west-2\n")]
    [InlineData("[a]\nregion =\n", "[a]\nregion = us-west-2\n")]
    [InlineData("[a]\nregion=\n", "[a]\nregion=us-west-2\n")]
    [InlineData("[a]\nregion = us-east-1 ; old # note\n", "[a]\nregion = us-west-2\n")]
    public void AReplacedKeyKeepsItsLinesKeyAndSpacing(string original, string expected)
    {
        var path = PathIn("credentials");
        File.WriteAllText(path, original);

        new CredentialsFile(path).WriteProfile("a", Values(("region", "us-west-2")));

        Assert.Equal(expected, Text(path));
    }

    [Fact]
    public void AddedKeysFollowTheSectionsSeparatorStyleAndGoBeforeItsTrailingComments()
    {
        var path = PathIn("credentials");
        File.WriteAllText(path, "[a]\nk=v\n\n# about b\n[b]\nj=w\n");

        new CredentialsFile(path).WriteProfile("a", Values(("x", "1")));

        Assert.Equal("[a]\nk=v\nx=1\n\n# about b\n[b]\nj=w\n", Text(path));
    }

    [Fact]
    public void AddedKeysTakeTheIndentationOfTheKeyAboveSoAnIndentedHeaderAfterThemStaysAHeader()
    {
        // configparser reads an indented line as a continuation only when it is indented deeper than the key above.
        var path = PathIn("credentials");
        File.WriteAllText(path, "[a]\n  k = v\n  [b]\n  j = w\n");
        var file = new CredentialsFile(path);

        file.WriteProfile("a", Values(("x", "1")));

        Assert.Equal("[a]\n  k = v\n  x = 1\n  [b]\n  j = w\n", Text(path));
        Assert.Equal(["a", "b"], file.ProfileNames());
    }

    [Fact]
    public void AnIndentedHeaderUnderAKeyIsAContinuationAsInBotocore()
    {
        var path = PathIn("credentials");
        File.WriteAllText(path, "[a]\nk = v\n  [b]\n");
        var file = new CredentialsFile(path);

        Assert.Equal(["a"], file.ProfileNames());
        Assert.Equal("v\n[b]", file.ReadProfile("a")!["k"]);
    }

    [Fact]
    public void ValuesAreWrittenVerbatimEvenWithCommentCharacters()
    {
        var path = PathIn("credentials");
        var file = new CredentialsFile(path);
        const string tricky = "abc ;def #ghi=jkl:mno/+=";

        file.WriteProfile("a", Values(("aws_session_token", tricky)));

        Assert.Equal(tricky, file.ReadProfile("a")!["aws_session_token"]);
        Assert.Contains($"aws_session_token = {tricky}\n", Text(path));
    }

    [Fact]
    public void AKeyBeforeAnEmptySectionsNextHeaderGoesRightAfterTheHeader()
    {
        var path = PathIn("credentials");
        File.WriteAllText(path, "[a]\n# nothing yet\n\n[b]\nj = w\n");

        new CredentialsFile(path).WriteProfile("a", Values(("x", "1")));

        Assert.Equal("[a]\nx = 1\n# nothing yet\n\n[b]\nj = w\n", Text(path));
    }

    [Fact]
    public void WritingTheSameProfileTwiceNeverAddsASecondSection()
    {
        var path = PathIn("credentials");
        var file = new CredentialsFile(path);

        file.WriteProfile("a", Values(("k", "1")));
        file.WriteProfile("a", Values(("k", "2")));

        Assert.Equal(["a"], file.ProfileNames());
        Assert.Equal("[a]\nk = 2\n", Text(path).ReplaceLineEndings("\n"));
    }

    // ---- files, modes, links ----

    [Fact]
    public void ANewFileIsOwnerOnlyInAnOwnerOnlyDirectory()
    {
        var path = PathIn("home", ".aws", "credentials");

        new CredentialsFile(path).WriteProfile("a", Values(("k", "v")));

        Assert.Equal($"[a]{Environment.NewLine}k = v{Environment.NewLine}", Text(path));
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(PathIn("home", ".aws")));
    }

    [Fact]
    public void AnExistingFilesModeIsKept()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = PathIn("credentials");
        File.WriteAllText(path, "[a]\nk = v\n");
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, mode);

        new CredentialsFile(path).WriteProfile("a", Values(("k", "w")));

        Assert.Equal(mode, File.GetUnixFileMode(path));
    }

    [Fact]
    public void ASymlinkIsWrittenThroughAndStaysALink()
    {
        Directory.CreateDirectory(PathIn("dotfiles"));
        Directory.CreateDirectory(PathIn("home", ".aws"));
        var target = PathIn("dotfiles", "credentials");
        var link = PathIn("home", ".aws", "credentials");
        File.WriteAllText(target, "[a]\nk = v\n");
        File.CreateSymbolicLink(link, Path.Combine("..", "..", "dotfiles", "credentials"));

        new CredentialsFile(link).WriteProfile("a", Values(("k", "w")));

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal("[a]\nk = w\n", Text(target));
        Assert.Equal(["credentials"], Directory.GetFiles(PathIn("home", ".aws")).Select(Path.GetFileName));
        Assert.Equal(["credentials", "credentials.lock"], Directory.GetFiles(PathIn("dotfiles")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void ADanglingSymlinkCreatesItsTarget()
    {
        Directory.CreateDirectory(PathIn("dotfiles"));
        var target = PathIn("dotfiles", "credentials");
        var link = PathIn("credentials");
        File.CreateSymbolicLink(link, target);

        new CredentialsFile(link).WriteProfile("a", Values(("k", "v")));

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal($"[a]{Environment.NewLine}k = v{Environment.NewLine}", Text(target));
    }

    [Fact]
    public void NoTemporaryFileIsLeftBehind()
    {
        var path = PathIn("credentials");
        var file = new CredentialsFile(path);
        for (var i = 0; i < 3; i++)
        {
            file.WriteProfile($"p{i}", Values(("k", "v")));
        }

        Assert.Equal(["credentials", "credentials.lock"], Directory.GetFiles(directory).Select(Path.GetFileName).Order());
    }

    // ---- refusals ----

    [Theory]
    [InlineData("[a]\nk = 1\n\n[b]\nk = 2\n[a]\nk = 3\n", 6, "duplicate profile [a]")]
    [InlineData("[a]\nk = 1\n[ a ]\nk = 2\n", 3, "duplicate profile [a]")]
    [InlineData("[a]\nK = 1\nk = 2\n", 3, "duplicate key k in profile [a]")]
    public void ADuplicateIsRefusedAndTheFileLeftAlone(string original, int line, string what)
    {
        var path = PathIn("credentials");
        File.WriteAllText(path, original);
        var before = File.ReadAllBytes(path);

        var ex = Assert.Throws<CredentialsFileException>(() => new CredentialsFile(path).WriteProfile("a", Values(("k", "new"))));

        Assert.StartsWith($"{path} line {line}: {what}", ex.Message);
        Assert.Contains("fix the file by hand", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("[a]\naws_access_key_id = AK\naws_secret_access_key SUPERSECRET\n", 3)]
    [InlineData("[a]\nk = v\n\nSUPERSECRETTOKENPASTEDALONE\n", 4)]
    [InlineData("SUPERSECRET = x\n[a]\n", 1)]
    [InlineData("[a]\nk = v\n[SUPERSECRET\n", 3)]
    [InlineData("[a]\n= SUPERSECRET\n", 2)]
    [InlineData("[a]\nk = v\r SUPERSECRET\n", 2)]
    public void AnUnparseableLineIsRefusedByNumberWithoutQuotingIt(string original, int line)
    {
        var path = PathIn("credentials");
        File.WriteAllText(path, original);
        var before = File.ReadAllBytes(path);
        var file = new CredentialsFile(path);

        var ex = Assert.Throws<CredentialsFileException>(() => file.WriteProfile("b", Values(("k", "new"))));

        Assert.StartsWith($"{path} line {line}: cannot parse", ex.Message);
        Assert.DoesNotContain("SUPERSECRET", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Throws<CredentialsFileException>(() => file.ReadProfile("a"));
    }

    [Fact]
    public void ADuplicatedKeyThatLooksLikeASecretIsNotQuoted()
    {
        var path = PathIn("credentials");
        File.WriteAllText(path, "[a]\nFwoGZXIvYXdzEJr=1\nFwoGZXIvYXdzEJr=2\n");

        var ex = Assert.Throws<CredentialsFileException>(() => new CredentialsFile(path).WriteProfile("a", Values(("k", "v"))));

        Assert.Contains("line 3: duplicate key in profile [a]", ex.Message);
        Assert.DoesNotContain("FwoGZX", ex.Message);
    }

    [Fact]
    public void InvalidUtf8IsRefused()
    {
        var path = PathIn("credentials");
        File.WriteAllBytes(path, [.. "[a]\nk = "u8.ToArray(), 0xC3, 0x28, (byte)'\n']);

        var ex = Assert.Throws<CredentialsFileException>(() => new CredentialsFile(path).WriteProfile("a", Values(("k", "v"))));

        Assert.Contains("not valid UTF-8", ex.Message);
    }

    [Fact]
    public void AHeaderWithSpacesInsideTheBracketsIsNotTakenForTheProfile()
    {
        var path = PathIn("credentials");
        File.WriteAllText(path, "[x]\nk = v\n[ work ]\nk = v\n");
        var before = File.ReadAllBytes(path);

        var ex = Assert.Throws<CredentialsFileException>(() => new CredentialsFile(path).WriteProfile("work", Values(("k", "new"))));

        Assert.StartsWith($"{path} line 3: profile header [ work ] has spaces inside the brackets", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a]b")]
    [InlineData("a\nb")]
    [InlineData(" a")]
    [InlineData("#a")]
    public void ABadProfileNameIsRefused(string profile)
    {
        var path = PathIn("credentials");

        var ex = Assert.Throws<CredentialsFileException>(() => new CredentialsFile(path).WriteProfile(profile, Values(("k", "v"))));

        Assert.Contains("cannot use profile name", ex.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void AValueWithALineBreakIsRefusedWithoutQuotingIt()
    {
        var path = PathIn("credentials");

        var ex = Assert.Throws<ArgumentException>(() => new CredentialsFile(path).WriteProfile("a", Values(("aws_session_token", "SECRET\n[evil]"))));

        Assert.DoesNotContain("SECRET", ex.Message);
        Assert.False(File.Exists(path));
    }

    // ---- reading and locating ----

    [Fact]
    public void AnAbsentFileHasNoProfiles()
    {
        var file = new CredentialsFile(PathIn("missing", "credentials"));

        Assert.Empty(file.ProfileNames());
        Assert.Null(file.ReadProfile("a"));
    }

    [Fact]
    public void ResolvePathPrefersTheExplicitPathThenTheEnvironmentThenHome()
    {
        var home = Path.Combine(directory, "home");
        var environment = new Dictionary<string, string> { ["AWS_SHARED_CREDENTIALS_FILE"] = "~/env/creds", ["XDG"] = "/xdg" };
        string? Get(string name) => environment.GetValueOrDefault(name);

        Assert.Equal(Path.Combine(home, "flag"), CredentialsFile.ResolvePath(Get, home, "~/flag"));
        Assert.Equal("/abs/flag", CredentialsFile.ResolvePath(Get, home, "/abs/flag"));
        Assert.Equal(Path.Combine(home, "env/creds"), CredentialsFile.ResolvePath(Get, home));
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "${XDG}/aws/$UNSET/credentials";
        Assert.Equal("/xdg/aws/$UNSET/credentials", CredentialsFile.ResolvePath(Get, home));
        environment.Remove("AWS_SHARED_CREDENTIALS_FILE");
        Assert.Equal(Path.Combine(home, ".aws", "credentials"), CredentialsFile.ResolvePath(Get, home));
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "";
        Assert.Equal(Path.Combine(home, ".aws", "credentials"), CredentialsFile.ResolvePath(Get, home, ""));
    }

    // ---- locking and concurrency ----

    [Fact]
    public void AWriterGivesUpWhenTheLockIsHeldTooLong()
    {
        var path = PathIn("credentials");
        File.WriteAllText(path, "[a]\nk = v\n");
        using var held = FileLock.TryAcquire(path + ".lock", TimeSpan.Zero);
        Assert.NotNull(held);

        var ex = Assert.Throws<CredentialsFileException>(() =>
            new CredentialsFile(path, TimeSpan.FromMilliseconds(200)).WriteProfile("a", Values(("k", "w"))));

        Assert.Contains("is locked by another process", ex.Message);
        Assert.Equal("[a]\nk = v\n", Text(path));
    }

    [Fact]
    public async Task ConcurrentWritersSerialiseAndReadersAlwaysSeeAWholeFile()
    {
        const int writers = 8;
        const int writesEach = 25;
        const int sharedProfiles = 3;
        var path = PathIn("credentials");
        var seeded = OtherProfiles(0, 20);
        File.WriteAllText(path, seeded);

        using var done = new CancellationTokenSource();
        var reads = 0;
        // On a loaded CI machine the reader might otherwise not be scheduled before the writers finish.
        var readerRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(() =>
        {
            var file = new CredentialsFile(path);
            while (!done.IsCancellationRequested)
            {
                var names = file.ProfileNames(); // throws if it ever sees a torn file
                Assert.True(names.Count >= 20, $"saw {names.Count} profiles");
                Assert.Equal("AKIA07", file.ReadProfile("p07")!["aws_access_key_id"]);
                Interlocked.Increment(ref reads);
                readerRunning.TrySetResult();
            }
        });
        await readerRunning.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var writerTasks = Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            var file = new CredentialsFile(path);
            for (var i = 0; i < writesEach; i++)
            {
                file.WriteProfile($"shared{(w + i) % sharedProfiles}", Values(
                    ("aws_access_key_id", $"AK-{w}-{i}"),
                    ("aws_secret_access_key", $"SK-{w}-{i}"),
                    ("aws_session_token", $"ST-{w}-{i}")));
                // Each writer owns one key of [tally]: a lost update would lose some writer's latest count.
                file.WriteProfile("tally", Values(($"writer_{w}", i.ToString())));
            }
        })).ToArray();

        await Task.WhenAll(writerTasks);
        await done.CancelAsync();
        await reader;

        var result = new CredentialsFile(path);
        Assert.True(reads > 0);
        Assert.Equal(20 + sharedProfiles + 1, result.ProfileNames().Count);
        Assert.StartsWith(seeded, Text(path));
        var tally = result.ReadProfile("tally")!;
        for (var w = 0; w < writers; w++)
        {
            Assert.Equal((writesEach - 1).ToString(), tally[$"writer_{w}"]);
        }

        for (var p = 0; p < sharedProfiles; p++)
        {
            var profile = result.ReadProfile($"shared{p}")!;
            var parts = profile["aws_access_key_id"].Split('-');
            var (w, i) = (int.Parse(parts[1]), int.Parse(parts[2]));
            // All three keys come from one write, and it was that writer's last write to this profile.
            Assert.Equal($"SK-{w}-{i}", profile["aws_secret_access_key"]);
            Assert.Equal($"ST-{w}-{i}", profile["aws_session_token"]);
            var lastWriteByThatWriter = Enumerable.Range(0, writesEach).Last(n => (w + n) % sharedProfiles == p);
            Assert.Equal(lastWriteByThatWriter, i);
        }
    }

    [Fact]
    public void TheLockExcludesOtherProcesses()
    {
        // util-linux flock(1) takes the same flock(2) lock .NET takes for FileShare.None.
        if (OperatingSystem.IsWindows() || !File.Exists("/usr/bin/flock"))
        {
            return;
        }

        var path = PathIn("credentials");
        File.WriteAllText(path, "[a]\nk = v\n");
        using var other = Process.Start(new ProcessStartInfo("/usr/bin/flock", [path + ".lock", "sleep", "1.5"]))!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (FileLock.TryAcquire(path + ".lock", TimeSpan.Zero) is { } free)
        {
            free.Dispose();
            Assert.True(DateTime.UtcNow < deadline, "flock never took the lock");
            Thread.Sleep(10);
        }

        Assert.Throws<CredentialsFileException>(() =>
            new CredentialsFile(path, TimeSpan.FromMilliseconds(100)).WriteProfile("a", Values(("k", "early"))));
        new CredentialsFile(path).WriteProfile("a", Values(("k", "after")));

        Assert.True(other.WaitForExit(5000));
        Assert.Equal("[a]\nk = after\n", Text(path));
    }

    // ---- botocore itself agrees, where the machine has it ----

    [Fact]
    public void BotocoreReadsTheWrittenFixtureTheSameWay()
    {
        var path = PathIn("credentials");
        File.WriteAllText(path, Before + TargetSection + After);
        var file = new CredentialsFile(path);
        file.WriteProfile("work", WorkValues);
        file.WriteProfile("fresh", Values(("aws_access_key_id", "K"), ("aws_session_token", "a ;b #c")));

        const string script =
            "import sys, json, botocore.configloader as c\n" +
            "print(json.dumps(c.raw_config_parse(sys.argv[1], parse_subsections=False)))";
        if (RunPython("import botocore", "") is not (0, _))
        {
            return; // no python3 with botocore on this machine
        }

        var (exitCode, botocore) = RunPython(script, path)!.Value;
        Assert.True(exitCode == 0, botocore);

        var parsed = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(botocore)!;
        Assert.Equal(file.ProfileNames().Order(), parsed.Keys.Order());
        foreach (var name in file.ProfileNames())
        {
            var ours = file.ReadProfile(name)!;
            Assert.Equal(ours.Keys.Select(k => k.ToLowerInvariant()).Order(), parsed[name].Keys.Order());
            foreach (var (key, value) in parsed[name])
            {
                Assert.Equal(value, ours[key]);
            }
        }
    }

    private static (int ExitCode, string Output)? RunPython(string script, string argument)
    {
        try
        {
            var start = new ProcessStartInfo("python3", ["-c", script, argument]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, process.ExitCode == 0 ? output : error.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
