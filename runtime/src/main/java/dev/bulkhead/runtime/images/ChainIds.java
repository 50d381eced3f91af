package dev.bulkhead.runtime.images;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Chain ids as the OCI image spec defines them: the chain id of the bottom layer is its
 * diff id, and each layer above is {@code sha256(parentChainId + " " + diffId)}. A chain
 * id names the snapshot holding a layer together with everything below it.
 */
final class ChainIds {

	private ChainIds() {
	}

	/** The chain id of every layer, bottom first. */
	static List<String> of(List<String> diffIds) {
		List<String> chain = new ArrayList<>(diffIds.size());
		String parent = null;
		for (String diffId : diffIds) {
			parent = next(parent, diffId);
			chain.add(parent);
		}
		return chain;
	}

	static String next(String parentChainId, String diffId) {
		if (parentChainId == null) {
			return diffId;
		}
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256")
				.digest((parentChainId + " " + diffId).getBytes(StandardCharsets.UTF_8));
			return "sha256:" + HexFormat.of().formatHex(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform provides SHA-256", ex);
		}
	}

}
