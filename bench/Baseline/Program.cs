// Writes what a cached credential_process answer looks like, and nothing else: the cost of starting .NET.
System.Console.Out.Write("{\"Version\":1,\"AccessKeyId\":\"ASIAEXAMPLEEXAMPLE00\",\"SecretAccessKey\":\"x\",\"SessionToken\":\"y\",\"Expiration\":\"2030-01-01T00:00:00Z\"}\n");
