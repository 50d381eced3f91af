package dev.bulkhead.runtime.networks.dns;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The part of the DNS wire format (RFC 1035, section 4) that the embedded server needs:
 * it reads the header and the single question of a query, and writes answers of A
 * records, empty answers and errors for it. Everything else in a query (additional
 * records such as EDNS options) is ignored; the answer carries none.
 */
public final class DnsMessage {

	public static final int TYPE_A = 1;

	public static final int TYPE_AAAA = 28;

	public static final int CLASS_IN = 1;

	public static final int NOERROR = 0;

	public static final int FORMERR = 1;

	public static final int SERVFAIL = 2;

	public static final int NXDOMAIN = 3;

	public static final int NOTIMP = 4;

	public static final int REFUSED = 5;

	/** The largest answer sent over UDP without EDNS (RFC 1035, 4.2.1). */
	public static final int MAX_UDP_SIZE = 512;

	private static final int HEADER_SIZE = 12;

	private DnsMessage() {
	}

	/**
	 * A query: its id and flags, its one question, and where the question ends in the raw
	 * bytes (the answer repeats the question as it came).
	 *
	 * @param name the queried name in lower case without the trailing dot
	 */
	public record Query(int id, int flags, String name, int type, int qclass, byte[] questionBytes) {

		public int opcode() {
			return (this.flags >> 11) & 0xF;
		}

		public boolean recursionDesired() {
			return (this.flags & 0x0100) != 0;
		}

	}

	/**
	 * Reads a query. A message that is a response, or holds no question or more than one,
	 * or whose question does not fit in it, is refused with {@link DnsFormatException}.
	 */
	public static Query parseQuery(byte[] data, int length) {
		if (length < HEADER_SIZE) {
			throw new DnsFormatException("a DNS message has a 12-byte header; got " + length + " bytes", -1);
		}
		int id = u16(data, 0);
		int flags = u16(data, 2);
		if ((flags & 0x8000) != 0) {
			throw new DnsFormatException("the message is a response, not a query", id);
		}
		int questions = u16(data, 4);
		if (questions != 1) {
			throw new DnsFormatException("a query must hold exactly one question; it holds " + questions, id);
		}
		StringBuilder name = new StringBuilder();
		int end = readName(data, length, HEADER_SIZE, name, id);
		if (end + 4 > length) {
			throw new DnsFormatException("the question is cut short", id);
		}
		int type = u16(data, end);
		int qclass = u16(data, end + 2);
		byte[] question = new byte[end + 4 - HEADER_SIZE];
		System.arraycopy(data, HEADER_SIZE, question, 0, question.length);
		return new Query(id, flags, name.toString().toLowerCase(Locale.ROOT), type, qclass, question);
	}

	/**
	 * An authoritative answer with one A record per address; an empty list is the answer
	 * for a name that exists without records of the asked type. Records that would not
	 * fit in {@code maxSize} are left out and the message is marked truncated.
	 */
	public static byte[] answer(Query query, List<Inet4Address> addresses, int ttlSeconds, int maxSize) {
		int fit = addresses.size();
		int recordSize = 2 + 2 + 2 + 4 + 2 + 4;
		boolean truncated = false;
		while (fit > 0 && HEADER_SIZE + query.questionBytes().length + fit * recordSize > maxSize) {
			fit--;
			truncated = true;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		header(out, query, NOERROR, true, truncated, fit);
		out.writeBytes(query.questionBytes());
		for (int i = 0; i < fit; i++) {
			// the owner name is a pointer to the question's name, right after the header
			u16(out, 0xC000 | HEADER_SIZE);
			u16(out, TYPE_A);
			u16(out, CLASS_IN);
			u16(out, (ttlSeconds >>> 16) & 0xFFFF);
			u16(out, ttlSeconds & 0xFFFF);
			u16(out, 4);
			out.writeBytes(addresses.get(i).getAddress());
		}
		return out.toByteArray();
	}

	/** An answer carrying only a response code (NXDOMAIN, SERVFAIL, NOTIMP...). */
	public static byte[] error(Query query, int rcode, boolean authoritative) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		header(out, query, rcode, authoritative, false, 0);
		out.writeBytes(query.questionBytes());
		return out.toByteArray();
	}

	/** FORMERR for a message whose question could not be read: header only. */
	public static byte[] formatError(int id) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		u16(out, id & 0xFFFF);
		u16(out, 0x8000 | 0x0080 | FORMERR);
		for (int i = 0; i < 4; i++) {
			u16(out, 0);
		}
		return out.toByteArray();
	}

	/** The response code of a message (the low four bits of the flags). */
	public static int rcode(byte[] message) {
		return message[3] & 0xF;
	}

	/** The id of a message. */
	public static int id(byte[] message) {
		return u16(message, 0);
	}

	private static void header(ByteArrayOutputStream out, Query query, int rcode, boolean authoritative,
			boolean truncated, int answers) {
		u16(out, query.id());
		int flags = 0x8000 | (query.opcode() << 11) | (query.flags() & 0x0100) | 0x0080 | rcode;
		if (authoritative) {
			flags |= 0x0400;
		}
		if (truncated) {
			flags |= 0x0200;
		}
		u16(out, flags);
		u16(out, 1);
		u16(out, answers);
		u16(out, 0);
		u16(out, 0);
	}

	/**
	 * Reads a possibly compressed name starting at {@code offset} into {@code name};
	 * returns the offset just after the name as it appears at {@code offset}.
	 */
	private static int readName(byte[] data, int length, int offset, StringBuilder name, int id) {
		int position = offset;
		int end = -1;
		int jumps = 0;
		while (true) {
			if (position >= length) {
				throw new DnsFormatException("the name runs past the end of the message", id);
			}
			int len = data[position] & 0xFF;
			if ((len & 0xC0) == 0xC0) {
				if (position + 1 >= length || ++jumps > 16) {
					throw new DnsFormatException("the name has a bad compression pointer", id);
				}
				if (end < 0) {
					end = position + 2;
				}
				position = ((len & 0x3F) << 8) | (data[position + 1] & 0xFF);
				continue;
			}
			if ((len & 0xC0) != 0) {
				throw new DnsFormatException("the name has an unknown label type", id);
			}
			if (len == 0) {
				return (end >= 0) ? end : position + 1;
			}
			if (position + 1 + len > length) {
				throw new DnsFormatException("a label runs past the end of the message", id);
			}
			if (name.length() > 0) {
				name.append('.');
			}
			name.append(new String(data, position + 1, len, StandardCharsets.ISO_8859_1));
			if (name.length() > 253) {
				throw new DnsFormatException("the name is longer than 253 characters", id);
			}
			position += 1 + len;
		}
	}

	/** Writes a query for a name (used by tests and by health checks of the server). */
	public static byte[] query(int id, String name, int type) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		u16(out, id);
		u16(out, 0x0100);
		u16(out, 1);
		u16(out, 0);
		u16(out, 0);
		u16(out, 0);
		for (String label : name.split("\\.")) {
			if (label.isEmpty()) {
				continue;
			}
			byte[] bytes = label.getBytes(StandardCharsets.ISO_8859_1);
			if (bytes.length > 63) {
				throw new IllegalArgumentException("label '" + label + "' is longer than 63 bytes");
			}
			out.write(bytes.length);
			out.writeBytes(bytes);
		}
		out.write(0);
		u16(out, type);
		u16(out, CLASS_IN);
		return out.toByteArray();
	}

	private static int u16(byte[] data, int offset) {
		return ((data[offset] & 0xFF) << 8) | (data[offset + 1] & 0xFF);
	}

	private static void u16(ByteArrayOutputStream out, int value) {
		out.write((value >> 8) & 0xFF);
		out.write(value & 0xFF);
	}

}
