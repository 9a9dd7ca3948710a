using System.Text;
using Tmds.DBus.Protocol;

namespace SamlAssume.Keyring;

/// <summary>
/// The freedesktop.org Secret Service (GNOME Keyring, KWallet, KeePassXC) over the D-Bus session bus whose address
/// the command's environment gives (<c>DBUS_SESSION_BUS_ADDRESS</c>). Each call connects, opens a session with
/// DH-encrypted transfer (plain when the daemon lacks it), works on the default collection and closes again. A locked
/// collection or item is reported, never unlocked by a prompt of ours. Calls are written by hand with
/// Tmds.DBus.Protocol: no reflection, so it stays NativeAOT-compatible.
/// </summary>
public sealed class SecretServiceKeyring(string busAddress) : ISecretStore
{
    private const string Bus = "org.freedesktop.secrets";
    private const string ServicePath = "/org/freedesktop/secrets";
    private const string ServiceInterface = "org.freedesktop.Secret.Service";
    private const string CollectionInterface = "org.freedesktop.Secret.Collection";
    private const string ItemInterface = "org.freedesktop.Secret.Item";
    private const string SessionInterface = "org.freedesktop.Secret.Session";
    private const string PropertiesInterface = "org.freedesktop.DBus.Properties";
    private const string NoObject = "/";

    /// <summary>Our attributes: the pair Python's keyring library uses, plus who stored it and what it is.</summary>
    public const string ServiceAttribute = "service";
    public const string AccountAttribute = "username";
    public const string ApplicationAttribute = "application";
    public const string KindAttribute = "samlassume:kind";
    public const string Application = "samlassume";

    /// <summary>Every call is bounded: a daemon stuck behind a dialog must not hang a login.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    public string Description => $"Secret Service (org.freedesktop.secrets) on the D-Bus session bus {Redact(busAddress)}";

    /// <summary>The transfer algorithm the last session agreed on (for <c>keyring status</c>); null before any.</summary>
    public string? LastTransferAlgorithm { get; private set; }

    public async Task<string?> ReadAsync(SecretKey key, CancellationToken cancellationToken)
    {
        await using var session = await Session.OpenAsync(busAddress, cancellationToken);
        var (unlocked, locked) = await session.SearchAsync(KeyAttributes(key));
        if (unlocked.Length == 0)
        {
            if (locked.Length > 0) throw Locked("the item for " + key);
            return null;
        }
        return Encoding.UTF8.GetString(await session.GetSecretAsync(unlocked[0]));
    }

    public async Task WriteAsync(SecretKey key, SecretKind kind, string label, string secret, CancellationToken cancellationToken)
    {
        await using var session = await Session.OpenAsync(busAddress, cancellationToken);
        var collection = await session.DefaultUnlockedCollectionAsync();
        // One item per key: earlier ones (ours, or OneLogin's tool's under the same names) would shadow the new secret.
        var (unlocked, locked) = await session.SearchAsync(KeyAttributes(key));
        if (locked.Length > 0) throw Locked("an item for " + key);
        foreach (var item in unlocked) await session.DeleteAsync(item);
        var attributes = KeyAttributes(key);
        attributes[ApplicationAttribute] = Application;
        attributes[KindAttribute] = SecretKinds.Name(kind);
        await session.CreateItemAsync(collection, label, attributes, Encoding.UTF8.GetBytes(secret));
    }

    public async Task<int> DeleteAsync(SecretKey key, CancellationToken cancellationToken)
    {
        await using var session = await Session.OpenAsync(busAddress, cancellationToken);
        var (unlocked, locked) = await session.SearchAsync(KeyAttributes(key));
        if (locked.Length > 0) throw Locked("an item for " + key);
        foreach (var item in unlocked) await session.DeleteAsync(item);
        return unlocked.Length;
    }

    public async Task<IReadOnlyList<StoredSecret>> ListOursAsync(CancellationToken cancellationToken)
    {
        await using var session = await Session.OpenAsync(busAddress, cancellationToken);
        LastTransferAlgorithm = session.Algorithm;
        var (unlocked, locked) = await session.SearchAsync(new Dictionary<string, string> { [ApplicationAttribute] = Application });
        if (locked.Length > 0) throw Locked($"{locked.Length} of SamlAssume's items");
        var found = new List<StoredSecret>();
        foreach (var item in unlocked)
        {
            var attributes = await session.GetAttributesAsync(item);
            attributes.TryGetValue(ServiceAttribute, out var service);
            attributes.TryGetValue(AccountAttribute, out var account);
            attributes.TryGetValue(KindAttribute, out var kind);
            found.Add(new StoredSecret(new SecretKey(service ?? "", account ?? ""), SecretKinds.Parse(kind), await session.GetLabelAsync(item)));
        }
        return found;
    }

    private static Dictionary<string, string> KeyAttributes(SecretKey key) => new(StringComparer.Ordinal)
    {
        [ServiceAttribute] = key.Service,
        [AccountAttribute] = key.Account,
    };

    private static KeyringUnavailableException Locked(string what) => new(KeyringProblem.Locked,
        $"the keyring is locked ({what}): unlock it (log in to the desktop session, or open your keyring app)");

    /// <summary>A bus address may carry a GUID but no secret; the path is enough for a message.</summary>
    private static string Redact(string address) => address.Split(',')[0];

    /// <summary>One connection and one Secret Service session, closed together.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly DBusConnection connection;
        private readonly string address;
        private string sessionPath = NoObject;
        private SecretTransfer transfer = SecretTransfer.Plain;

        private Session(DBusConnection connection, string address)
        {
            this.connection = connection;
            this.address = address;
        }

        public static async Task<Session> OpenAsync(string address, CancellationToken cancellationToken)
        {
            var connection = new DBusConnection(address);
            var session = new Session(connection, address);
            try
            {
                try
                {
                    await connection.ConnectAsync().AsTask().WaitAsync(CallTimeout, cancellationToken);
                }
                catch (Exception e) when (e is DBusConnectionException or DBusConnectFailedException or IOException or TimeoutException
                                              or System.Net.Sockets.SocketException or ArgumentException)
                {
                    throw new KeyringUnavailableException(KeyringProblem.Absent,
                        $"no keyring: the D-Bus session bus at {Redact(address)} does not answer ({e.GetType().Name})", e);
                }
                await session.OpenTransferAsync(cancellationToken);
                return session;
            }
            catch
            {
                await session.DisposeAsync();
                throw;
            }
        }

        private async Task OpenTransferAsync(CancellationToken cancellationToken)
        {
            var offer = new SecretTransfer.Offer();
            try
            {
                var (output, path) = await CallAsync(ServicePath, ServiceInterface, "OpenSession", "sv",
                    (ref MessageWriter w) => { w.WriteString(SecretTransfer.DhAlgorithm); w.WriteVariant(VariantValue.Array(offer.PublicKey)); },
                    static (m, _) => { var r = m.GetBodyReader(); var v = r.ReadVariantValue(); return (v.GetArray<byte>(), r.ReadObjectPathAsString()); });
                sessionPath = path;
                transfer = offer.Complete(output);
            }
            catch (DBusErrorReplyException e) when (e.ErrorName == "org.freedesktop.DBus.Error.NotSupported")
            {
                // The spec makes "plain" the one algorithm every daemon has; some (old KWallet bridges) have no other.
                sessionPath = await CallAsync(ServicePath, ServiceInterface, "OpenSession", "sv",
                    (ref MessageWriter w) => { w.WriteString(SecretTransfer.PlainAlgorithm); w.WriteVariantString(""); },
                    static (m, _) => { var r = m.GetBodyReader(); r.ReadVariantValue(); return r.ReadObjectPathAsString(); });
                transfer = SecretTransfer.Plain;
            }
            _ = cancellationToken;
        }

        public string Algorithm => transfer.Algorithm;

        public Task<(string[] Unlocked, string[] Locked)> SearchAsync(IReadOnlyDictionary<string, string> attributes) =>
            CallAsync(ServicePath, ServiceInterface, "SearchItems", "a{ss}",
                (ref MessageWriter w) => WriteStringDictionary(ref w, attributes),
                static (m, _) =>
                {
                    var r = m.GetBodyReader();
                    return (Paths(r.ReadArrayOfObjectPath()), Paths(r.ReadArrayOfObjectPath()));
                });

        public async Task<byte[]> GetSecretAsync(string item)
        {
            var (parameters, value) = await CallAsync(item, ItemInterface, "GetSecret", "o",
                (ref MessageWriter w) => w.WriteObjectPath(sessionPath),
                static (m, _) =>
                {
                    var r = m.GetBodyReader();
                    r.AlignStruct();
                    r.ReadObjectPath();
                    var p = r.ReadArrayOfByte();
                    var v = r.ReadArrayOfByte();
                    r.ReadString();
                    return (p, v);
                });
            return transfer.Decrypt(parameters, value);
        }

        /// <summary>The "default" alias (the login keyring), which must exist and be unlocked.</summary>
        public async Task<string> DefaultUnlockedCollectionAsync()
        {
            var collection = await CallAsync(ServicePath, ServiceInterface, "ReadAlias", "s",
                (ref MessageWriter w) => w.WriteString("default"),
                static (m, _) => m.GetBodyReader().ReadObjectPathAsString());
            if (collection == NoObject)
            {
                throw new KeyringUnavailableException(KeyringProblem.Absent,
                    "the keyring has no default collection to store into: create one (your keyring app, or log in to the desktop once) and try again");
            }
            var locked = await CallAsync(collection, PropertiesInterface, "Get", "ss",
                (ref MessageWriter w) => { w.WriteString(CollectionInterface); w.WriteString("Locked"); },
                static (m, _) => m.GetBodyReader().ReadVariantValue().GetBool());
            if (locked) throw Locked($"collection {collection}");
            return collection;
        }

        public async Task CreateItemAsync(string collection, string label, IReadOnlyDictionary<string, string> attributes, byte[] secret)
        {
            var (parameters, value) = transfer.Encrypt(secret);
            var prompt = await CallAsync(collection, CollectionInterface, "CreateItem", "a{sv}(oayays)b",
                (ref MessageWriter w) =>
                {
                    var properties = w.WriteDictionaryStart();
                    w.WriteDictionaryEntryStart();
                    w.WriteString("org.freedesktop.Secret.Item.Label");
                    w.WriteVariantString(label);
                    w.WriteDictionaryEntryStart();
                    w.WriteString("org.freedesktop.Secret.Item.Attributes");
                    w.WriteSignature("a{ss}");
                    WriteStringDictionary(ref w, attributes);
                    w.WriteDictionaryEnd(properties);
                    WriteSecret(ref w, parameters, value);
                    w.WriteBool(true);
                },
                static (m, _) => { var r = m.GetBodyReader(); r.ReadObjectPath(); return r.ReadObjectPathAsString(); });
            if (prompt != NoObject) throw Locked($"collection {collection} asked for a prompt");
        }

        public async Task DeleteAsync(string item)
        {
            var prompt = await CallAsync(item, ItemInterface, "Delete", "",
                static (ref MessageWriter _) => { },
                static (m, _) => m.GetBodyReader().ReadObjectPathAsString());
            if (prompt != NoObject) throw Locked($"deleting {item} asked for a prompt");
        }

        public Task<Dictionary<string, string>> GetAttributesAsync(string item) =>
            CallAsync(item, PropertiesInterface, "Get", "ss",
                (ref MessageWriter w) => { w.WriteString(ItemInterface); w.WriteString("Attributes"); },
                static (m, _) => m.GetBodyReader().ReadVariantValue().GetDictionary<string, string>());

        public Task<string> GetLabelAsync(string item) =>
            CallAsync(item, PropertiesInterface, "Get", "ss",
                (ref MessageWriter w) => { w.WriteString(ItemInterface); w.WriteString("Label"); },
                static (m, _) => m.GetBodyReader().ReadVariantValue().GetString());

        private void WriteSecret(ref MessageWriter w, byte[] parameters, byte[] value)
        {
            w.WriteStructureStart();
            w.WriteObjectPath(sessionPath);
            w.WriteArray(parameters);
            w.WriteArray(value);
            w.WriteString("text/plain; charset=utf8");
        }

        private static void WriteStringDictionary(ref MessageWriter w, IReadOnlyDictionary<string, string> values)
        {
            var start = w.WriteDictionaryStart();
            foreach (var (k, v) in values)
            {
                w.WriteDictionaryEntryStart();
                w.WriteString(k);
                w.WriteString(v);
            }
            w.WriteDictionaryEnd(start);
        }

        /// <summary>A call's arguments. By reference: the writer is a struct, and a copy would write past the message.</summary>
        private delegate void BodyWriter(ref MessageWriter writer);

        private static string[] Paths(ObjectPath[] paths) => Array.ConvertAll(paths, p => p.ToString());

        private async Task<T> CallAsync<T>(string path, string @interface, string member, string signature, BodyWriter body, MessageValueReader<T> reader)
        {
            MessageBuffer message;
            var writer = connection.GetMessageWriter();
            try
            {
                writer.WriteMethodCallHeader(Bus, path, @interface, member, signature.Length == 0 ? null : signature, MessageFlags.None);
                body(ref writer);
                message = writer.CreateMessage();
            }
            finally
            {
                writer.Dispose();
            }
            try
            {
                return await connection.CallMethodAsync(message, reader, null).WaitAsync(CallTimeout);
            }
            catch (TimeoutException e)
            {
                throw new KeyringUnavailableException(KeyringProblem.Failed, $"the keyring did not answer {member} within {CallTimeout.TotalSeconds:0} s", e);
            }
            catch (DBusErrorReplyException e) when (e.ErrorName is "org.freedesktop.DBus.Error.ServiceUnknown" or "org.freedesktop.DBus.Error.NameHasNoOwner"
                                                        or "org.freedesktop.DBus.Error.Spawn.ChildExited" or "org.freedesktop.DBus.Error.Spawn.ExecFailed"
                                                        or "org.freedesktop.DBus.Error.Spawn.ServiceNotFound")
            {
                throw new KeyringUnavailableException(KeyringProblem.Absent,
                    $"no keyring: nothing provides the Secret Service (org.freedesktop.secrets) on the D-Bus session bus {Redact(address)}; install and start gnome-keyring or KWallet", e);
            }
            catch (DBusErrorReplyException e) when (e.ErrorName == "org.freedesktop.Secret.Error.IsLocked")
            {
                throw Locked(member);
            }
            catch (DBusErrorReplyException e) when (e.ErrorName != "org.freedesktop.DBus.Error.NotSupported")
            {
                // The daemon's own error name and text say what it refused; neither carries our secret.
                throw new KeyringUnavailableException(KeyringProblem.Failed, $"the keyring refused {member}: {e.ErrorName}", e);
            }
            catch (Exception e) when (e is DBusConnectionClosedException or DBusConnectionException or DBusMessageException or DBusReadException or DBusUnexpectedValueException)
            {
                throw new KeyringUnavailableException(KeyringProblem.Failed, $"the keyring connection failed during {member} ({e.GetType().Name})", e);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (sessionPath != NoObject)
            {
                try
                {
                    await CallAsync(sessionPath, SessionInterface, "Close", "", static (ref MessageWriter _) => { }, static (_, _) => true);
                }
                catch (KeyringUnavailableException)
                {
                    // The daemon drops a session with its connection anyway.
                }
                sessionPath = NoObject;
            }
            connection.Dispose();
        }
    }
}
