package dev.bulkhead.runtime.networks;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The result of a CNI ADD (spec 1.0), with the fields Bulkhead reads; unknown fields are
 * ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CniResult(String cniVersion, List<Interface> interfaces, List<Ip> ips) {

	public CniResult {
		interfaces = (interfaces != null) ? List.copyOf(interfaces) : List.of();
		ips = (ips != null) ? List.copyOf(ips) : List.of();
	}

	/** The interface in the container's namespace with that name. */
	public Interface containerInterface(String ifName) {
		return this.interfaces.stream()
			.filter((i) -> ifName.equals(i.name()) && i.sandbox() != null && !i.sandbox().isEmpty())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"the CNI result names no interface " + ifName + " inside the container: " + this.interfaces));
	}

	/** The first IPv4 address given to the container's interface. */
	public Ip containerIpv4(String ifName) {
		int index = this.interfaces.indexOf(containerInterface(ifName));
		return this.ips.stream()
			.filter((ip) -> ip.address() != null && ip.address().contains(".") && ip.interfaceIndex() != null
					&& ip.interfaceIndex() == index)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("the CNI result gives " + ifName + " no IPv4 address"));
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Interface(String name, String mac, String sandbox) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Ip(String address, String gateway,
			@com.fasterxml.jackson.annotation.JsonProperty("interface") Integer interfaceIndex) {

		public String addressWithoutPrefix() {
			return this.address.substring(0, this.address.indexOf('/'));
		}

		public int prefixLength() {
			return Integer.parseInt(this.address.substring(this.address.indexOf('/') + 1));
		}

	}

}
