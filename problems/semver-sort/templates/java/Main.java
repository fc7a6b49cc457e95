import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int n = Integer.parseInt(in.readLine().trim());
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < n; i++) tags.add(in.readLine());
        // TODO: keep the valid versions, sort them by precedence (stable), then list the invalid tags
        StringBuilder out = new StringBuilder();
        for (String tag : tags) out.append(tag).append('\n');
        System.out.print(out);
    }
}
