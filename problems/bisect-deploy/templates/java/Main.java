import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

public class Main {
    static BufferedReader in = new BufferedReader(new InputStreamReader(System.in));

    /** True when the build of commit is bad. */
    static boolean ask(long commit) throws IOException {
        System.out.println("? " + commit);
        System.out.flush();
        return in.readLine().trim().equals("bad");
    }

    public static void main(String[] args) throws IOException {
        int t = Integer.parseInt(in.readLine().trim());
        for (int i = 0; i < t; i++) {
            long n = Long.parseLong(in.readLine().trim());
            // TODO: find the first bad commit with at most ceil(log2(n)) calls to ask()
            long answer = n;
            System.out.println("! " + answer);
            System.out.flush();
        }
    }
}
