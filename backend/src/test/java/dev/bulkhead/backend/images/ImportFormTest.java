package dev.bulkhead.backend.images;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The command fields of the dashboard's import form, read as a shell would split them.
 */
class ImportFormTest {

	@Test
	void wordsAreSplitAtSpacesAndQuotesKeepSpacesInsideOneWord() {
		assertThat(ImagePagesController.words("sh -c 'echo hello, world'", "cmd")).containsExactly("sh", "-c",
				"echo hello, world");
		assertThat(ImagePagesController.words("  /bin/app   --flag=\"a b\" ''", "cmd")).containsExactly("/bin/app",
				"--flag=a b", "");
		assertThat(ImagePagesController.words("   ", "cmd")).isNull();
	}

	@Test
	void anUnclosedQuoteIsRefusedNamingTheField() {
		assertThatThrownBy(() -> ImagePagesController.words("sh -c 'echo", "entrypoint"))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("entrypoint")
			.hasMessageContaining("not closed");
	}

	@Test
	void sizesAreReadableForPeople() {
		assertThat(ByteSizes.INSTANCE.human(812L)).isEqualTo("812 B");
		assertThat(ByteSizes.INSTANCE.human(1536L)).isEqualTo("1.5 KiB");
		assertThat(ByteSizes.INSTANCE.human(3L << 20)).isEqualTo("3.0 MiB");
		assertThat(ByteSizes.INSTANCE.human(null)).isEmpty();
	}

}
