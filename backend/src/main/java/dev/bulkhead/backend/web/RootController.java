package dev.bulkhead.backend.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class RootController {

	@GetMapping("/")
	String root() {
		return "redirect:/overview";
	}

}
