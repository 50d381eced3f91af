package dev.bulkhead.runtime.networks.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * What the embedded server answers on one network: names of attached containers from
 * their {@link DnsRecords} (authoritatively, A records only: a known name asked for
 * another type has no records, which tells the client the name exists), NXDOMAIN for a
 * single-label name no container has (such a name means nothing to the host's resolvers),
 * and everything else forwarded to the host's resolvers as it came.
 */
public final class NetworkResolver {

	/**
	 * Containers come and go: answers are not to be cached for long.
	 */
	static final int TTL_SECONDS = 5;

	/**
	 * Where names are looked up; the client's address lets a lookup depend on who asks.
	 */
	@FunctionalInterface
	public interface Names {

		List<Inet4Address> find(String name, InetAddress client);

	}

	private final Names names;

	private final UpstreamResolvers upstream;

	private final java.util.function.Predicate<InetAddress> clients;

	public NetworkResolver(DnsRecords records, UpstreamResolvers upstream) {
		this((name, client) -> records.lookup(name), upstream, (client) -> true);
	}

	/**
	 * @param upstream where other names are forwarded, or null to forward nothing (an
	 * internal network)
	 * @param clients who may ask (the network's own subnet): anyone else is REFUSED, so
	 * one network's names do not leak to another's containers, which can reach every
	 * gateway address of the host
	 */
	public NetworkResolver(Names names, UpstreamResolvers upstream, java.util.function.Predicate<InetAddress> clients) {
		this.names = names;
		this.upstream = upstream;
		this.clients = clients;
	}

	/**
	 * The answer to a message as it came over UDP or TCP; null when nothing should be
	 * sent back (a message too broken to have an id).
	 */
	public byte[] answer(byte[] message, int length, boolean tcp) {
		return answer(message, length, tcp, null);
	}

	/** As {@link #answer(byte[], int, boolean)} for a query from {@code client}. */
	public byte[] answer(byte[] message, int length, boolean tcp, InetAddress client) {
		DnsMessage.Query query;
		try {
			query = DnsMessage.parseQuery(message, length);
		}
		catch (DnsFormatException ex) {
			return (ex.id() >= 0) ? DnsMessage.formatError(ex.id()) : null;
		}
		if (client != null && !this.clients.test(client)) {
			return DnsMessage.error(query, DnsMessage.REFUSED, false);
		}
		if (query.opcode() != 0) {
			return DnsMessage.error(query, DnsMessage.NOTIMP, false);
		}
		int maxSize = tcp ? 65535 : DnsMessage.MAX_UDP_SIZE;
		if (query.qclass() == DnsMessage.CLASS_IN) {
			List<Inet4Address> local = this.names.find(query.name(), client);
			if (!local.isEmpty()) {
				List<Inet4Address> answers = (query.type() == DnsMessage.TYPE_A) ? local : List.of();
				return DnsMessage.answer(query, answers, TTL_SECONDS, maxSize);
			}
		}
		if (!query.name().contains(".")) {
			return DnsMessage.error(query, DnsMessage.NXDOMAIN, true);
		}
		if (this.upstream == null) {
			// an internal network: nothing leaves it, not even a DNS query
			return DnsMessage.error(query, DnsMessage.REFUSED, false);
		}
		byte[] raw = new byte[length];
		System.arraycopy(message, 0, raw, 0, length);
		Optional<byte[]> forwarded = tcp ? this.upstream.forwardTcp(raw) : this.upstream.forwardUdp(raw, length);
		return forwarded.orElseGet(() -> DnsMessage.error(query, DnsMessage.SERVFAIL, false));
	}

}
