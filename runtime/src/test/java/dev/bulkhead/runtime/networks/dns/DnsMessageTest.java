package dev.bulkhead.runtime.networks.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DnsMessageTest {

	/** A query for "web.example." type A, id 0x1234, RD set, as dig sends it. */
	private static final byte[] QUERY = { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'W', 'e', 'b', 7, 'e', 'x',
			'a', 'm', 'p', 'l', 'e', 0, 0, 1, 0, 1 };

	@Test
	void queryIsReadWithItsIdNameInLowerCaseTypeAndClass() {
		DnsMessage.Query query = DnsMessage.parseQuery(QUERY, QUERY.length);
		assertThat(query.id()).isEqualTo(0x1234);
		assertThat(query.name()).isEqualTo("web.example");
		assertThat(query.type()).isEqualTo(DnsMessage.TYPE_A);
		assertThat(query.qclass()).isEqualTo(DnsMessage.CLASS_IN);
		assertThat(query.recursionDesired()).isTrue();
		assertThat(query.questionBytes()).hasSize(QUERY.length - 12);
	}

	@Test
	void answerCarriesOneARecordPerAddressPointingAtTheQuestion() throws Exception {
		DnsMessage.Query query = DnsMessage.parseQuery(QUERY, QUERY.length);
		byte[] answer = DnsMessage.answer(query, List.of((Inet4Address) InetAddress.getByName("10.231.0.5"),
				(Inet4Address) InetAddress.getByName("10.231.0.6")), 5, DnsMessage.MAX_UDP_SIZE);
		assertThat(DnsMessage.id(answer)).isEqualTo(0x1234);
		// QR, opcode 0, AA, RD copied, RA, NOERROR
		assertThat(answer[2] & 0xFF).isEqualTo(0x85);
		assertThat(answer[3] & 0xFF).isEqualTo(0x80);
		assertThat(answer[7]).as("answer count").isEqualTo((byte) 2);
		int first = QUERY.length;
		assertThat(new byte[] { answer[first], answer[first + 1] }).as("pointer to offset 12")
			.containsExactly(0xC0, 0x0C);
		assertThat(answer[first + 3]).as("type A").isEqualTo((byte) 1);
		assertThat(answer[first + 9]).as("ttl low byte").isEqualTo((byte) 5);
		assertThat(answer[first + 11]).as("rdlength").isEqualTo((byte) 4);
		assertThat(new byte[] { answer[first + 12], answer[first + 13], answer[first + 14], answer[first + 15] })
			.containsExactly(10, 231, 0, 5);
		assertThat(answer).hasSize(QUERY.length + 2 * 16);
	}

	@Test
	void answerThatWouldNotFitIsTruncatedAndMarked() throws Exception {
		DnsMessage.Query query = DnsMessage.parseQuery(QUERY, QUERY.length);
		Inet4Address address = (Inet4Address) InetAddress.getByName("10.231.0.5");
		byte[] answer = DnsMessage.answer(query, java.util.Collections.nCopies(40, address), 5, 512);
		assertThat(answer.length).isLessThanOrEqualTo(512);
		assertThat(answer[2] & 0x02).as("TC").isEqualTo(0x02);
	}

	@Test
	void nameErrorRepeatsTheQuestionWithRcodeThree() {
		DnsMessage.Query query = DnsMessage.parseQuery(QUERY, QUERY.length);
		byte[] answer = DnsMessage.error(query, DnsMessage.NXDOMAIN, true);
		assertThat(DnsMessage.rcode(answer)).isEqualTo(DnsMessage.NXDOMAIN);
		assertThat(answer[7]).isZero();
		assertThat(answer).hasSize(QUERY.length);
	}

	@Test
	void compressedQuestionNameIsFollowed() {
		// the question's name is a pointer to "web" + pointer... (a pointer to itself is
		// a
		// loop)
		byte[] looping = { 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 12, 0, 1, 0, 1 };
		assertThatExceptionOfType(DnsFormatException.class)
			.isThrownBy(() -> DnsMessage.parseQuery(looping, looping.length))
			.withMessageContaining("compression pointer");
		byte[] pointed = { 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 18, 0, 1, 0, 1, 2, 'd', 'b', 0 };
		DnsMessage.Query query = DnsMessage.parseQuery(pointed, pointed.length);
		assertThat(query.name()).isEqualTo("db");
		assertThat(query.type()).isEqualTo(1);
	}

	@Test
	void responsesShortMessagesAndCutQuestionsAreRefused() {
		byte[] response = QUERY.clone();
		response[2] |= (byte) 0x80;
		assertThatExceptionOfType(DnsFormatException.class)
			.isThrownBy(() -> DnsMessage.parseQuery(response, response.length))
			.withMessageContaining("response");
		assertThatExceptionOfType(DnsFormatException.class).isThrownBy(() -> DnsMessage.parseQuery(QUERY, 8))
			.satisfies((ex) -> assertThat(ex.id()).isEqualTo(-1));
		assertThatExceptionOfType(DnsFormatException.class)
			.isThrownBy(() -> DnsMessage.parseQuery(QUERY, QUERY.length - 2))
			.withMessageContaining("cut short")
			.satisfies((ex) -> assertThat(ex.id()).isEqualTo(0x1234));
		byte[] formerr = DnsMessage.formatError(0x1234);
		assertThat(DnsMessage.rcode(formerr)).isEqualTo(DnsMessage.FORMERR);
	}

	@Test
	void queryWrittenForANameReadsBack() {
		byte[] query = DnsMessage.query(7, "db.internal.", DnsMessage.TYPE_AAAA);
		DnsMessage.Query read = DnsMessage.parseQuery(query, query.length);
		assertThat(read.name()).isEqualTo("db.internal");
		assertThat(read.type()).isEqualTo(DnsMessage.TYPE_AAAA);
		assertThat(read.id()).isEqualTo(7);
	}

}
